using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>Builds <see cref="ShardedRandomBasesTask"/>s in worker processes: task <c>random-bases</c>, population = shards.</summary>
public sealed class RandomBasesTaskFactory(DatasetCatalog catalog, DatasetOptions options) : TrackTaskFactory(catalog, options)
{
    /// <inheritdoc />
    protected override ITrack Track { get; } = new RandomBasesTrack();

    /// <inheritdoc />
    public override string Kind => ShardedRandomBasesTask.TaskKind;

    /// <summary>The run config that runs <paramref name="config"/>'s steps on workers.</summary>
    public static RunConfig RunConfigFor(TrackConfig config, string? dataDirectory) =>
        RunConfigFor(ShardedRandomBasesTask.TaskKind, config, config.Shards, dataDirectory);

    /// <inheritdoc />
    protected override int Candidates(TrackConfig track) => track.Shards;

    /// <inheritdoc />
    public override string Describe(RunConfig config) => $"random-bases descent in {config.Population} shards on {config.Classification.Dataset}";

    /// <inheritdoc />
    protected override IEvaluationTask Create(TrackConfig track, TrackData data) => new ShardedRandomBasesTask(track, data);
}
