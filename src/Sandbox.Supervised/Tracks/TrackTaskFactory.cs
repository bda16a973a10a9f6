using System.Text.Json;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Builds the engine task of a track that runs its steps on workers (random-bases shards, Hybrid-ES trials) in worker
/// processes, from the run config the training run sends: algorithm <see cref="ShardedStep"/>, population = the
/// candidates of a step, the track config in <see cref="RunConfig.Track"/> and the dataset directory in
/// <c>classification.data_directory</c>.
/// </summary>
public abstract class TrackTaskFactory(DatasetCatalog catalog, DatasetOptions options) : ITaskFactory
{
    /// <summary>The track whose config the task runs.</summary>
    protected abstract ITrack Track { get; }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <summary>Candidates per step (shards, trials) of a valid track config.</summary>
    protected abstract int Candidates(TrackConfig track);

    /// <summary>Problems beyond the track's own validation (e.g. a method the workers cannot run).</summary>
    protected virtual IEnumerable<string> ValidateForWorkers(TrackConfig track) => [];

    /// <summary>The task of a valid track config on its data.</summary>
    protected abstract IEvaluationTask Create(TrackConfig track, TrackData data);

    /// <inheritdoc />
    public abstract string Describe(RunConfig config);

    /// <summary>The run config that runs <paramref name="config"/>'s steps as task <paramref name="kind"/> on workers (the inverse of what <see cref="Create(RunConfig)"/> reads).</summary>
    protected static RunConfig RunConfigFor(string kind, TrackConfig config, int candidates, string? dataDirectory) => new()
    {
        Task = kind,
        Algorithm = ShardedStep.AlgorithmName,
        Seed = config.Seed,
        Population = candidates,
        Generations = 10_000_000,
        Track = JsonSerializer.Serialize(config, TrackConfig.CompactJson),
        Classification = new ClassificationConfig { Dataset = config.Dataset, DataDirectory = dataDirectory },
    };

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        TrackConfig track;
        try
        {
            track = TrackConfig.FromJson(config.Track ?? "", "track");
        }
        catch (TrackConfigException e)
        {
            return [$"track: {e.Message}"];
        }
        var problems = Track.Validate(track).Concat(ValidateForWorkers(track)).Select(p => $"track: {p}").ToList();
        if (config.Algorithm != ShardedStep.AlgorithmName || config.Population != Candidates(track) || config.Seed != track.Seed)
        {
            problems.Add($"task {Kind}: needs algorithm {ShardedStep.AlgorithmName}, population = the track's candidates per step ({Candidates(track)}) and its seed ({track.Seed})");
        }
        return problems;
    }

    /// <inheritdoc />
    public void Prepare(RunConfig config) => Load(config);

    /// <inheritdoc />
    public IEvaluationTask Create(RunConfig config)
    {
        var track = TrackConfig.FromJson(config.Track ?? "", "track");
        return Create(track, TrackData.From(Load(config), track));
    }

    private Dataset Load(RunConfig config)
    {
        var effective = config.Classification.DataDirectory is { } directory ? options with { Cifar10Directory = directory } : options;
        return catalog.Load(TrackConfig.FromJson(config.Track ?? "", "track").Dataset, effective);
    }
}
