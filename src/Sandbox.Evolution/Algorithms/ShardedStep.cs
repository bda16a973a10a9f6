using System.Buffers.Binary;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Not a search: the coordinator of a task that updates itself (a supervised track's steps on workers: random-bases
/// descent, Algorithm 1 right of Gressmann et al. 2020; Hybrid-ES's trials, Algorithm 2 of Bartolo 2018). Each
/// generation is one step; its <see cref="RunConfig.Population"/> candidates are the step's K parts (random-bases
/// shards, Hybrid-ES trials), which the task evaluates and folds into its own state in
/// <see cref="IEvaluationTask.Commit"/>. The algorithm ranks nothing, so its whole state is the generation number,
/// and the task's state is the model.
/// </summary>
public sealed class ShardedStep(RunConfig config) : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "sharded-step";

    private readonly CandidateDescriptor[] _shards = [.. Enumerable.Range(0, config.Population).Select(k => new CandidateDescriptor(k, parent: -1))];

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context) =>
        new() { Generation = Generation, Bases = [], Context = context, Candidates = _shards };

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        if (task.Generation != Generation || fitness.Count != _shards.Length)
        {
            throw new ArgumentException($"results for generation {task.Generation} with {fitness.Count} shards do not match generation {Generation} of {_shards.Length}");
        }
        int best = 0;
        for (int k = 1; k < fitness.Count; k++)
        {
            best = fitness[k] > fitness[best] ? k : best;
        }
        double mean = fitness.Average();
        Generation++;
        return new GenerationOutcome { Generation = task.Generation, Best = fitness[best], Mean = mean, Elite = mean, ChampionFitness = mean, ChampionIndex = best };
    }

    /// <summary>Empty: the task holds the parameters.</summary>
    public float[] Champion => [];

    /// <inheritdoc />
    public byte[] ExportState()
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Generation);
        return bytes;
    }

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        if (state.Length != 4 || BinaryPrimitives.ReadInt32LittleEndian(state) < 0)
        {
            throw new InvalidDataException($"a {AlgorithmName} state is a generation number (4 bytes), not {state.Length} bytes");
        }
        Generation = BinaryPrimitives.ReadInt32LittleEndian(state);
    }
}

/// <summary>The <see cref="ShardedStep"/> options: none of its own; it runs only tasks configured by a track.</summary>
public sealed class ShardedStepOptions : IAlgorithmOptions
{
    /// <summary>The one instance.</summary>
    public static ShardedStepOptions Instance { get; } = new();

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (string.IsNullOrEmpty(config.Track))
        {
            yield return $"algorithm: {ShardedStep.AlgorithmName} runs a supervised track's steps on workers (./sandbox train random-bases|hybrid-es --workers N) and needs its track config in `track`";
        }
    }
}
