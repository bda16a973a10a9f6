using Sandbox.Core.Environments;
using Sandbox.Policies.Networks;

namespace Sandbox.Evolution.Configuration;

/// <summary>
/// Everything a run depends on. A run is a pure function of this record: the same config gives
/// the same generations, fitnesses and final policy, whatever the number of threads or workers.
/// </summary>
public sealed record RunConfig
{
    /// <summary>Supermask evolution.</summary>
    public const string SupermaskAlgorithm = "supermask";

    /// <summary>Full-weight OpenAI-ES.</summary>
    public const string EsAlgorithm = "es";

    /// <summary>Environment id.</summary>
    public string Env { get; init; } = "CartPole-v1";

    /// <summary><c>supermask</c> or <c>es</c>.</summary>
    public string Algorithm { get; init; } = SupermaskAlgorithm;

    /// <summary>Run seed: every random choice derives from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of generations.</summary>
    public int Generations { get; init; } = 100;

    /// <summary>Candidates per generation.</summary>
    public int Population { get; init; } = 64;

    /// <summary>Episodes per candidate per generation (fresh seeds each generation).</summary>
    public int Episodes { get; init; } = 5;

    /// <summary>The network.</summary>
    public PolicyConfig Policy { get; init; } = new();

    /// <summary>Supermask settings.</summary>
    public SupermaskConfig Supermask { get; init; } = new();

    /// <summary>ES settings.</summary>
    public EsConfig Es { get; init; } = new();

    /// <summary>Evaluation settings.</summary>
    public EvaluationConfig Evaluation { get; init; } = new();

    /// <summary>Write a checkpoint every this many generations (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The frozen-weight init as an enum (after validation).</summary>
    public WeightInit ParsedInit => Policy.Init switch
    {
        "uniform" => WeightInit.Uniform,
        "kaiming_normal" => WeightInit.KaimingNormal,
        "signed_kaiming_constant" => WeightInit.SignedKaimingConstant,
        _ => throw new InvalidOperationException($"unknown init '{Policy.Init}'"),
    };

    /// <summary>Checks every value; returns one line per problem, naming the key and the allowed range.</summary>
    public IReadOnlyList<string> Validate(EnvironmentRegistry registry)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
        Check(registry.TryGet(Env, out _), $"env: unknown environment id '{Env}' (known: {string.Join(", ", registry.All.Select(s => s.Id))})");
        Check(Algorithm is SupermaskAlgorithm or EsAlgorithm, $"algorithm: must be 'supermask' or 'es' (got '{Algorithm}')");
        Check(Generations is >= 1 and <= 1_000_000, $"generations: must be between 1 and 1000000 (got {Generations})");
        Check(Population is >= 2 and <= 100_000, $"population: must be between 2 and 100000 (got {Population})");
        Check(Episodes is >= 1 and <= 10_000, $"episodes: must be between 1 and 10000 (got {Episodes})");
        Check(Policy.Hidden is { Length: <= MlpArchitecture.MaxHiddenLayers } && Policy.Hidden.All(h => h is >= 1 and <= 65_536),
            "policy.hidden: 0 to 16 widths, each between 1 and 65536");
        Check(Policy.Init is "uniform" or "kaiming_normal" or "signed_kaiming_constant",
            $"policy.init: must be uniform, kaiming_normal or signed_kaiming_constant (got '{Policy.Init}')");
        Check(Supermask.Elites >= 1 && Supermask.Elites < Population, $"supermask.elites: must be between 1 and population - 1 (got {Supermask.Elites})");
        Check(Supermask.Sigma > 0 && float.IsFinite(Supermask.Sigma), $"supermask.sigma: must be positive (got {Supermask.Sigma})");
        Check(float.IsFinite(Supermask.Threshold), "supermask.threshold: must be finite");
        Check(Supermask.TopK is null || (Supermask.TopK > 0 && Supermask.TopK <= 1), $"supermask.top_k: must be in (0, 1] (got {Supermask.TopK})");
        Check(Es.Sigma > 0 && float.IsFinite(Es.Sigma), $"es.sigma: must be positive (got {Es.Sigma})");
        Check(Es.LearningRate > 0 && float.IsFinite(Es.LearningRate), $"es.learning_rate: must be positive (got {Es.LearningRate})");
        Check(Es.WeightDecay >= 0, $"es.weight_decay: must be >= 0 (got {Es.WeightDecay})");
        Check(Es.Beta1 is >= 0 and < 1 && Es.Beta2 is >= 0 and < 1, "es.beta1, es.beta2: must be in [0, 1)");
        Check(Es.InitScale >= 0, $"es.init_scale: must be >= 0 (got {Es.InitScale})");
        Check(Algorithm != EsAlgorithm || !Es.Mirrored || Population % 2 == 0, $"population: mirrored ES needs an even population (got {Population})");
        Check(Evaluation.Threads is >= 0 and <= 1024, $"evaluation.threads: must be between 0 and 1024 (got {Evaluation.Threads})");
        Check(Evaluation.ValidationEpisodes is >= 1 and <= 100_000, $"evaluation.validation_episodes: must be between 1 and 100000 (got {Evaluation.ValidationEpisodes})");
        Check(Evaluation.ValidateEvery >= 0, $"evaluation.validate_every: must be >= 0 (got {Evaluation.ValidateEvery})");
        Check(CheckpointEvery >= 0, $"checkpoint_every: must be >= 0 (got {CheckpointEvery})");
        Check(Tensors.Devices.ComputeDevice.TryParse(Device, out _), $"device: must be cpu, cuda or cuda:N (got '{Device}')");
        return errors;
    }
}
