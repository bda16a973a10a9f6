using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>Builds <see cref="HybridEsTask"/>s in worker processes: task <c>hybrid-es</c>, population = trials (K).</summary>
public sealed class HybridEsTaskFactory(DatasetCatalog catalog, DatasetOptions options) : TrackTaskFactory(catalog, options)
{
    /// <inheritdoc />
    protected override ITrack Track { get; } = new HybridEsTrack();

    /// <inheritdoc />
    public override string Kind => HybridEsTask.TaskKind;

    /// <summary>The run config that runs <paramref name="config"/>'s trials on workers.</summary>
    public static RunConfig RunConfigFor(TrackConfig config, string? dataDirectory) =>
        RunConfigFor(HybridEsTask.TaskKind, config, config.Trials, dataDirectory);

    /// <inheritdoc />
    protected override int Candidates(TrackConfig track) => track.Trials;

    /// <inheritdoc />
    protected override IEnumerable<string> ValidateForWorkers(TrackConfig track) => HybridEsTrack.WorkerProblems(track);

    /// <inheritdoc />
    public override string Describe(RunConfig config) => $"Hybrid-ES trials (K = {config.Population}) on {config.Classification.Dataset}";

    /// <inheritdoc />
    protected override IEvaluationTask Create(TrackConfig track, TrackData data) => new HybridEsTask(track, data, replica: true);
}
