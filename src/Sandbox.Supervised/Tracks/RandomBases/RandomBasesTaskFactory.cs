using System.Text.Json;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// Builds <see cref="ShardedRandomBasesTask"/>s in worker processes from the run config the training run sends:
/// task <c>random-bases</c>, algorithm <see cref="ShardedStep"/>, population = shards, the track config in
/// <see cref="RunConfig.Track"/> and the dataset directory in <c>classification.data_directory</c>.
/// </summary>
public sealed class RandomBasesTaskFactory(DatasetCatalog catalog, DatasetOptions options) : ITaskFactory
{
    private static readonly RandomBasesTrack Track = new();

    /// <inheritdoc />
    public string Kind => ShardedRandomBasesTask.TaskKind;

    /// <summary>The run config that runs <paramref name="config"/>'s steps on workers (the inverse of what <see cref="Create"/> reads).</summary>
    public static RunConfig RunConfigFor(TrackConfig config, string? dataDirectory) => new()
    {
        Task = ShardedRandomBasesTask.TaskKind,
        Algorithm = ShardedStep.AlgorithmName,
        Seed = config.Seed,
        Population = config.Shards,
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
        var problems = Track.Validate(track).Select(p => $"track: {p}").ToList();
        if (config.Algorithm != ShardedStep.AlgorithmName || config.Population != track.Shards || config.Seed != track.Seed)
        {
            problems.Add($"task random-bases: needs algorithm {ShardedStep.AlgorithmName}, population = the track's shards ({track.Shards}) and its seed ({track.Seed})");
        }
        return problems;
    }

    /// <inheritdoc />
    public string Describe(RunConfig config) => $"random-bases descent in {config.Population} shards on {config.Classification.Dataset}";

    /// <inheritdoc />
    public void Prepare(RunConfig config) => Load(config);

    /// <inheritdoc />
    public IEvaluationTask Create(RunConfig config)
    {
        var track = TrackConfig.FromJson(config.Track ?? "", "track");
        return new ShardedRandomBasesTask(track, TrackData.From(Load(config), track));
    }

    private Dataset Load(RunConfig config)
    {
        var effective = config.Classification.DataDirectory is { } directory ? options with { Cifar10Directory = directory } : options;
        return catalog.Load(TrackConfig.FromJson(config.Track ?? "", "track").Dataset, effective);
    }
}
