using Sandbox.Core.Text;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Networks;
using Sandbox.Tensors.Networks;

namespace Sandbox.Evolution.Configuration;

/// <summary>
/// Everything a run depends on. A run is a pure function of this record: the same config gives
/// the same generations, fitnesses and final artifact, whatever the number of threads or workers.
/// </summary>
public sealed record RunConfig
{
    /// <summary>Control tasks: an environment and a policy network.</summary>
    public const string ControlTask = "control";

    /// <summary>Classification tasks: a dataset and a classifier network.</summary>
    public const string ClassificationTask = "classification";

    /// <summary><c>control</c> (default) or <c>classification</c>.</summary>
    public string Task { get; init; } = ControlTask;

    /// <summary>Environment id (control tasks).</summary>
    public string Env { get; init; } = "CartPole-v1";

    /// <summary>Algorithm name (see <see cref="AlgorithmRegistry"/>).</summary>
    public string Algorithm { get; init; } = SupermaskEvolution.AlgorithmName;

    /// <summary>Run seed: every random choice derives from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Maximum number of generations.</summary>
    public int Generations { get; init; } = 100;

    /// <summary>Candidates per generation.</summary>
    public int Population { get; init; } = 64;

    /// <summary>Episodes per candidate per generation, on fresh seeds each generation (control tasks).</summary>
    public int Episodes { get; init; } = 5;

    /// <summary>The network.</summary>
    public PolicyConfig Policy { get; init; } = new();

    /// <summary>Control-task settings.</summary>
    public ControlConfig Control { get; init; } = new();

    /// <summary>Classification-task settings.</summary>
    public ClassificationConfig Classification { get; init; } = new();

    /// <summary>Supermask evolution settings.</summary>
    public SupermaskConfig Supermask { get; init; } = new();

    /// <summary>OpenAI-ES settings.</summary>
    public EsConfig Es { get; init; } = new();

    /// <summary>PGPE settings.</summary>
    public PgpeConfig Pgpe { get; init; } = new();

    /// <summary>SNES settings.</summary>
    public SnesConfig Snes { get; init; } = new();

    /// <summary>CMA-ES settings.</summary>
    public CmaesConfig Cmaes { get; init; } = new();

    /// <summary>Genetic algorithm settings.</summary>
    public GaConfig Ga { get; init; } = new();

    /// <summary>Evaluation settings.</summary>
    public EvaluationConfig Evaluation { get; init; } = new();

    /// <summary>Write a checkpoint every this many generations (0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// The supervised track config (JSON) of a task that runs a track's steps on workers (task <c>random-bases</c> or
    /// <c>hybrid-es</c>, algorithm <see cref="ShardedStep"/>); null otherwise. Written by <c>./sandbox train --workers</c>, not by hand.
    /// </summary>
    public string? Track { get; init; }

    /// <summary>The frozen-weight init as an enum (after validation).</summary>
    public WeightInit ParsedInit => Policy.Init switch
    {
        "uniform" => WeightInit.Uniform,
        "kaiming_normal" => WeightInit.KaimingNormal,
        "signed_kaiming_constant" => WeightInit.SignedKaimingConstant,
        _ => throw new InvalidOperationException($"unknown init {Quoted.Value(Policy.Init)}"),
    };

    /// <summary>The hidden activation as an enum (after validation).</summary>
    public Activation ParsedActivation => Activations.Parse(Policy.Activation) ?? throw new InvalidOperationException($"unknown activation {Quoted.Value(Policy.Activation)}");

    /// <summary>Checks every value; returns one line per problem, naming the key and the allowed range.</summary>
    public IReadOnlyList<string> Validate(TaskRegistry tasks)
    {
        // A null section ("evaluation": null) would fail later with a NullReferenceException: refuse it first.
        if (NullSection(this) is { } nullSection)
        {
            return [$"{nullSection}: must not be null (leave the key out for its default)"];
        }
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
        Check(Generations is >= 1 and <= 10_000_000, $"generations: must be between 1 and 10000000 (got {Generations})");
        Check(Population is >= 2 and <= 100_000, $"population: must be between 2 and 100000 (got {Population})");
        Check(Episodes is >= 1 and <= 10_000, $"episodes: must be between 1 and 10000 (got {Episodes})");
        Check(Policy.Hidden.Length <= MlpArchitecture.MaxHiddenLayers && Policy.Hidden.All(h => h is >= 1 and <= MlpArchitecture.MaxWidth),
            $"policy.hidden: 0 to {MlpArchitecture.MaxHiddenLayers} widths, each between 1 and {MlpArchitecture.MaxWidth}");
        Check(Policy.Init is "uniform" or "kaiming_normal" or "signed_kaiming_constant",
            $"policy.init: must be uniform, kaiming_normal or signed_kaiming_constant (got {Quoted.Value(Policy.Init)})");
        Check(Activations.Parse(Policy.Activation) is not null, $"policy.activation: must be tanh, relu or sigmoid (got {Quoted.Value(Policy.Activation)})");
        if (AlgorithmRegistry.TryGet(Algorithm, out var algorithm))
        {
            errors.AddRange(algorithm.Options(this).Validate(this));
        }
        else
        {
            errors.Add($"algorithm: must be one of {string.Join(", ", AlgorithmRegistry.Names)} (got {Quoted.Value(Algorithm)})");
        }
        Check(Control.RewardFloor is null || double.IsFinite(Control.RewardFloor.Value), $"control.reward_floor: must be a finite number or null (got {Control.RewardFloor})");
        Check(Control.RewardFloor is null || Task == ControlTask, "control.reward_floor: only for control tasks (environments)");
        Check(Control.RewardFloorGenerations is null || (Control.RewardFloor is not null && Control.RewardFloorGenerations >= 1),
            $"control.reward_floor_generations: must be at least 1 and needs control.reward_floor (got {Control.RewardFloorGenerations})");
        Check(Evaluation.Threads is >= 0 and <= 1024, $"evaluation.threads: must be between 0 and 1024 (got {Evaluation.Threads})");
        Check(Evaluation.ValidationEpisodes is >= 1 and <= 100_000, $"evaluation.validation_episodes: must be between 1 and 100000 (got {Evaluation.ValidationEpisodes})");
        Check(Evaluation.ValidateEvery is >= 0 and <= 10_000_000, $"evaluation.validate_every: must be between 0 and 10000000 (got {Evaluation.ValidateEvery})");
        Check(Evaluation.Target is null || double.IsFinite(Evaluation.Target.Value), $"evaluation.target: must be a finite number or null (got {Evaluation.Target})");
        Check(CheckpointEvery is >= 0 and <= 10_000_000, $"checkpoint_every: must be between 0 and 10000000 (got {CheckpointEvery})");
        Check(Tensors.Devices.ComputeDevice.TryParse(Device, out _), $"device: must be cpu, cuda or cuda:N (got {Quoted.Value(Device)})");
        Check(Track is null || Algorithm == ShardedStep.AlgorithmName, $"track: only for algorithm {ShardedStep.AlgorithmName} (got algorithm {Quoted.Value(Algorithm)})");
        errors.AddRange(tasks.Validate(this));
        return errors;
    }

    /// <summary>The first key JSON set to null, if any (the properties are non-nullable, but JSON can still say null).</summary>
    internal static string? NullSection(RunConfig c)
    {
        object?[] values = [c.Policy, c.Control, c.Classification, c.Supermask, c.Es, c.Pgpe, c.Snes, c.Cmaes, c.Ga, c.Evaluation, c.Task, c.Env, c.Algorithm, c.Device];
        string[] names = ["policy", "control", "classification", "supermask", "es", "pgpe", "snes", "cmaes", "ga", "evaluation", "task", "env", "algorithm", "device"];
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                return names[i];
            }
        }
        object?[] inner = [c.Policy.Hidden, c.Policy.Init, c.Policy.Activation, c.Classification.Dataset, c.Classification.Fitness, c.Pgpe.Optimizer, c.Cmaes.Covariance];
        string[] innerNames = ["policy.hidden", "policy.init", "policy.activation", "classification.dataset", "classification.fitness", "pgpe.optimizer", "cmaes.covariance"];
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] is null)
            {
                return innerNames[i];
            }
        }
        return null;
    }
}
