using MessagePack;
using Sandbox.Core.Environments;
using Sandbox.Core.Random;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Files;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;
using Sandbox.Policies.Parameterizations;
using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Networks;

namespace Sandbox.Evolution.Control;

/// <summary>
/// A control task: candidates are policy networks (supermask scores or dense weights) played for the
/// configured episodes on seeds shared by the whole generation; fitness is the mean return. With
/// observation normalisation on, the running observation statistics are the task's adaptive state.
/// Champions become policy files.
/// </summary>
public sealed class ControlTask : IEvaluationTask
{
    private const ulong ValidationPurpose = 0x7A11_DA7E;

    private readonly RunConfig _config;
    private readonly ObservationStatistics? _statistics;

    /// <summary>Builds the task a (valid) control config describes on an environment of <paramref name="registry"/>.</summary>
    public ControlTask(RunConfig config, EnvironmentRegistry registry)
    {
        _config = config;
        var env = registry.Get(config.Env);
        Model = CreateModel(config, env);
        if (config.Control.ObservationNormalization)
        {
            _statistics = new ObservationStatistics(Model.Architecture.Inputs);
            Normalizer = _statistics.ToNormalizer();
        }
        Space = MlpSearchSpace.Of(Model.Architecture, Model.Parameterization);
    }

    /// <summary>The environment, network and parameterization.</summary>
    public PolicyModel Model { get; }

    /// <summary>The observation normalisation candidates run with now (null when off).</summary>
    public ObservationNormalizer? Normalizer { get; private set; }

    /// <inheritdoc />
    public string Kind => RunConfig.ControlTask;

    /// <inheritdoc />
    public string Id => Model.Environment.Id;

    /// <inheritdoc />
    public string Network => Model.Architecture.Describe();

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <inheritdoc />
    public MetricLayout Metrics => ControlMetrics.Layout;

    /// <inheritdoc />
    public double DefaultTarget => Model.Environment.RewardThreshold;

    /// <inheritdoc />
    public (int Full, int Screen) ValidationSizes => (_config.Evaluation.ValidationEpisodes, Math.Min(10, _config.Evaluation.ValidationEpisodes));

    /// <inheritdoc />
    public string ArtifactFileName => "policy.policy";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object> Provenance => new Dictionary<string, object>
    {
        ["env"] = Model.Environment.Id,
        ["physics"] = Model.Environment.Physics,
        ["network"] = Model.Architecture.Describe(),
        ["search_parameters"] = Space.Count,
    };

    /// <summary>Builds the model a config describes for an environment: supermask or dense per the algorithm.</summary>
    public static PolicyModel CreateModel(RunConfig config, EnvironmentSpec env)
    {
        bool supermask = AlgorithmRegistry.For(config).Family == PolicyFamily.Supermask;
        var architecture = new MlpArchitecture(env.ObservationSpace.FlatSize, config.Policy.Hidden,
            ActionMapping.OutputWidth(env.ActionSpace), bias: !supermask && config.Policy.Bias, config.ParsedActivation);
        IParameterization parameterization = supermask
            ? new SupermaskParameterization(architecture, config.ParsedInit, config.Policy.WeightSeed ?? config.Seed, config.Supermask.Rule)
            : new DenseParameterization(architecture);
        return new PolicyModel(env, architecture, parameterization).Checked();
    }

    /// <summary>The episode seeds of a training generation.</summary>
    public static long[] EpisodeSeeds(ulong seed, int generation, int episodes)
    {
        var seeds = new long[episodes];
        for (int e = 0; e < episodes; e++)
        {
            seeds[e] = SeedMixer.EpisodeSeed(seed, generation, e);
        }
        return seeds;
    }

    /// <inheritdoc />
    public EvaluationContext TrainingContext(int generation) => new(EpisodeSeeds(_config.Seed, generation, _config.Episodes));

    /// <inheritdoc />
    public EvaluationContext ValidationContext(int size)
    {
        // Held-out seeds from their own branch of the run seed: never the seeds of a training generation.
        var seeds = new long[size];
        ulong validationSeed = SeedMixer.Mix(_config.Seed, ValidationPurpose);
        for (int e = 0; e < seeds.Length; e++)
        {
            seeds[e] = SeedMixer.EpisodeSeed(validationSeed, 0, e);
        }
        return new EvaluationContext(seeds, EvaluationSplit.Validation);
    }

    /// <inheritdoc />
    public ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device) =>
        new ControlEvaluator(Model, threads, device, () => Normalizer, _statistics is not null, _config.Control.RewardFloor, _config.Control.RewardFloorGenerations);

    /// <inheritdoc />
    public byte[] ExportState() => _statistics is null ? [] : MessagePackSerializer.Serialize(_statistics.ToVector());

    /// <inheritdoc />
    public void ImportState(ReadOnlySpan<byte> state)
    {
        if (_statistics is null)
        {
            if (!state.IsEmpty)
            {
                throw new InvalidDataException("control task state given, but observation normalisation is off");
            }
            return;
        }
        double[]? vector;
        try
        {
            vector = MessagePackSerializer.Deserialize<double[]>(state.ToArray(),
                MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData));
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException("unreadable observation statistics", e);
        }
        _statistics.Clear();
        if (vector is null || !AlgorithmStateCodec.AllFinite(vector) || !_statistics.TryMerge(vector))
        {
            throw new InvalidDataException("observation statistics do not fit this environment");
        }
        Normalizer = _statistics.ToNormalizer();
    }

    /// <inheritdoc />
    public void Commit(IReadOnlyList<CandidateResult> results)
    {
        if (_statistics is null)
        {
            return;
        }
        foreach (var r in results)
        {
            if (r.Statistics is { } s && !_statistics.TryMerge(s))
            {
                throw new InvalidDataException($"candidate {r.Index}: observation statistics do not fit this environment");
            }
        }
        Normalizer = _statistics.ToNormalizer();
    }

    /// <inheritdoc />
    public byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance) => PolicyFile.ToBytes(ToPolicy(champion, provenance));

    /// <inheritdoc />
    public void CheckArtifact(ReadOnlySpan<byte> artifact)
    {
        Policy policy;
        try
        {
            policy = PolicyFile.FromBytes(artifact, "the checkpoint's best policy");
        }
        catch (PolicyFileException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        bool supermask = Model.Parameterization is SupermaskParameterization;
        if (policy.EnvId != Model.Environment.Id || !policy.Architecture.Equals(Model.Architecture)
            || (policy.Family == PolicyFamily.Supermask) != supermask || (policy.Normalizer is null) != (_statistics is null))
        {
            throw new InvalidDataException($"its best policy is a {policy.Architecture.Describe()} {policy.Family.ToString().ToLowerInvariant()} policy for {policy.EnvId}, " +
                $"this run evolves a {Model.Architecture.Describe()} network for {Model.Environment.Id}");
        }
    }

    /// <summary>The policy a champion search vector describes, with the current normalisation.</summary>
    public Policy ToPolicy(ReadOnlySpan<float> champion, ArtifactProvenance provenance)
    {
        bool[]? mask = null;
        float[]? parameters = null;
        if (Model.Parameterization is SupermaskParameterization supermask)
        {
            mask = new bool[champion.Length];
            supermask.WriteMask(champion, mask);
        }
        else
        {
            parameters = champion.ToArray();
        }
        return new Policy
        {
            EnvId = Model.Environment.Id,
            Architecture = Model.Architecture,
            DiscreteActions = Model.Head == OutputHead.ArgMax,
            Family = mask is null ? PolicyFamily.Dense : PolicyFamily.Supermask,
            Init = _config.ParsedInit,
            WeightSeed = mask is null ? 0 : _config.Policy.WeightSeed ?? _config.Seed,
            Mask = mask,
            Parameters = parameters,
            Normalizer = Normalizer,
            Provenance = new Provenance
            {
                Config = provenance.Config,
                Algorithm = provenance.Algorithm,
                Seed = provenance.Seed,
                Generation = provenance.Generation,
                Fitness = provenance.Fitness,
                ValidationReturn = provenance.Validation,
                EnvSteps = provenance.Work,
                Physics = Model.Environment.Physics,
                Producer = provenance.Producer,
            },
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
