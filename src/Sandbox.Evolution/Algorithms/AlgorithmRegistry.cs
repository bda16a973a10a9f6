using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Every algorithm a config can name. The one place an algorithm name is looked up.</summary>
public static class AlgorithmRegistry
{
    private static readonly AlgorithmEntry[] Entries =
    [
        new(SupermaskEvolution.AlgorithmName, "binary supermask evolution over a frozen random network (elites + Gaussian score mutations)",
            PolicyFamily.Supermask, "supermask", c => c.Supermask, (c, s) => new SupermaskEvolution(c, s)),
        new(OpenAiEs.AlgorithmName, "OpenAI-ES on all weights (mirrored sampling, centred ranks, Adam)",
            PolicyFamily.Dense, "es", c => c.Es, (c, s) => new OpenAiEs(c, s)),
        new(Pgpe.AlgorithmName, "PGPE on all weights (symmetric pairs, per-parameter σ, centred ranks, ClipUp or Adam)",
            PolicyFamily.Dense, "pgpe", c => c.Pgpe, (c, s) => new Pgpe(c, s)),
        new(Snes.AlgorithmName, "separable natural evolution strategies on all weights (per-parameter σ, NES utilities)",
            PolicyFamily.Dense, "snes", c => c.Snes, (c, s) => new Snes(c, s)),
        new(CmaEs.AlgorithmName, "CMA-ES on all weights (full covariance for small networks, sep-CMA-ES beyond)",
            PolicyFamily.Dense, "cmaes", c => c.Cmaes, (c, s) => new CmaEs(c, s)),
        new(GeneticAlgorithm.AlgorithmName, "genetic algorithm on all weights (truncation selection, Gaussian mutation, elitism)",
            PolicyFamily.Dense, "ga", c => c.Ga, (c, s) => new GeneticAlgorithm(c, s)),
        new(ShardedStep.AlgorithmName, "one step of a self-updating task per generation, its K parts as candidates (random-bases shards, Hybrid-ES trials on workers)",
            PolicyFamily.Dense, "track", _ => ShardedStepOptions.Instance, (c, _) => new ShardedStep(c)),
    ];

    /// <summary>All entries, in the order the README lists them.</summary>
    public static IReadOnlyList<AlgorithmEntry> All => Entries;

    /// <summary>All names.</summary>
    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>The entry named <paramref name="name"/>, if any.</summary>
    public static bool TryGet(string name, out AlgorithmEntry entry)
    {
        entry = Array.Find(Entries, e => e.Name == name)!;
        return entry is not null;
    }

    /// <summary>The entry of a (valid) config.</summary>
    public static AlgorithmEntry For(RunConfig config) =>
        TryGet(config.Algorithm, out var entry) ? entry : throw new ConfigException($"algorithm: unknown algorithm '{config.Algorithm}'");

    /// <summary>Builds the algorithm a (valid) config names, at generation 0.</summary>
    public static IEvolutionAlgorithm Create(RunConfig config, SearchSpace space) => For(config).Create(config, space);
}
