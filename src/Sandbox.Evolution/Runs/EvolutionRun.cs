using System.Diagnostics;
using System.Reflection;
using Sandbox.Core.Environments;
using Sandbox.Core.Random;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Policies;
using Sandbox.Policies.Files;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// One evolution run from a validated <see cref="RunConfig"/>: generations of plan → evaluate →
/// tell, metrics and checkpoints in the run directory, validation of promising champions on
/// held-out seeds, and the final policy file.
/// </summary>
public sealed class EvolutionRun : IDisposable
{
    private const ulong ValidationPurpose = 0x7A11_DA7E;

    private readonly RunConfig _config;
    private readonly EnvironmentSpec _env;
    private readonly PolicyModel _model;
    private readonly IEvolutionAlgorithm _algorithm;
    private readonly PopulationEvaluator _evaluator;
    private readonly PopulationEvaluator _validator;
    private readonly double _target;

    /// <summary>Builds the run; <paramref name="config"/> must already be valid for <paramref name="registry"/>.</summary>
    public EvolutionRun(RunConfig config, EnvironmentRegistry registry, string runDirectory)
    {
        var errors = config.Validate(registry);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors[0]);
        }
        _config = config;
        _env = registry.Get(config.Env);
        _model = CreateModel(config, _env);
        _algorithm = config.Algorithm == RunConfig.EsAlgorithm
            ? new OpenAiEs(config, _model.Architecture)
            : new SupermaskEvolution(config, _model.Parameterization.ParameterCount);
        ComputeDevice.TryParse(config.Device, out var device);
        int threads = config.Evaluation.Threads > 0 ? config.Evaluation.Threads : Environment.ProcessorCount;
        _evaluator = new PopulationEvaluator(_model, threads, device);
        _validator = new PopulationEvaluator(_model, 1, device);
        _target = config.Evaluation.TargetReturn ?? _env.RewardThreshold;
        RunDirectory = runDirectory;
    }

    /// <summary>Where metrics, checkpoints and the final policy go.</summary>
    public string RunDirectory { get; }

    /// <summary>The network and parameterization every candidate uses.</summary>
    public PolicyModel Model => _model;

    /// <summary>The final policy's path inside the run directory.</summary>
    public string PolicyPath => Path.Combine(RunDirectory, "policy.policy");

    /// <summary>Builds the model a config describes for an environment.</summary>
    public static PolicyModel CreateModel(RunConfig config, EnvironmentSpec env)
    {
        bool supermask = config.Algorithm == RunConfig.SupermaskAlgorithm;
        var architecture = new MlpArchitecture(env.ObservationSpace.FlatSize, config.Policy.Hidden,
            ActionMapping.OutputWidth(env.ActionSpace), bias: !supermask && config.Policy.Bias);
        IPolicyParameterization parameterization = supermask
            ? new SupermaskParameterization(architecture, config.ParsedInit, config.Policy.WeightSeed ?? config.Seed,
                new MaskRule(config.Supermask.Threshold, config.Supermask.TopK))
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

    /// <summary>Runs to the last generation, the target, or cancellation; writes the run directory.</summary>
    public RunResult Run(IProgress<GenerationReport>? progress = null, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(RunDirectory);
        Directory.CreateDirectory(Path.Combine(RunDirectory, "checkpoints"));
        WriteAtomically(Path.Combine(RunDirectory, "config.json"), RunConfigFile.ToJson(_config));
        using var metrics = new MetricsWriter(Path.Combine(RunDirectory, "metrics.jsonl"));

        var clock = Stopwatch.StartNew();
        long totalSteps = 0;
        Policy? bestPolicy = null;
        double bestValidation = double.NegativeInfinity;
        bool solved = false;
        bool interrupted = false;
        GenerationOutcome? last = null;

        while (_algorithm.Generation < _config.Generations)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            int g = _algorithm.Generation;
            var started = clock.Elapsed;
            var task = _algorithm.Plan(EpisodeSeeds(_config.Seed, g, _config.Episodes));
            var results = _evaluator.Evaluate(task, CancellationToken.None);
            var seconds = (clock.Elapsed - started).TotalSeconds;
            long steps = 0;
            foreach (var r in results)
            {
                steps += r.EnvSteps;
            }
            totalSteps += steps;
            last = _algorithm.Tell(task, results);

            double? validation = null;
            bool finalGeneration = _algorithm.Generation >= _config.Generations;
            if (last.ChampionFitness >= _target || finalGeneration)
            {
                var candidate = ChampionPolicy(last, totalSteps, null);
                double score = Validate(candidate);
                validation = score;
                if (score > bestValidation)
                {
                    bestValidation = score;
                    bestPolicy = candidate with { Provenance = candidate.Provenance with { ValidationReturn = score } };
                }
                solved |= score >= _target;
            }

            var report = new GenerationReport
            {
                Outcome = last,
                TotalGenerations = _config.Generations,
                EnvSteps = steps,
                TotalEnvSteps = totalSteps,
                StepsPerSecond = seconds > 0 ? steps / seconds : 0,
                Elapsed = clock.Elapsed,
                Validation = validation,
                Solved = solved,
            };
            metrics.Write(report);
            progress?.Report(report);

            if (_config.CheckpointEvery > 0 && _algorithm.Generation % _config.CheckpointEvery == 0)
            {
                PolicyFile.Save(ChampionPolicy(last, totalSteps, validation),
                    Path.Combine(RunDirectory, "checkpoints", $"gen-{_algorithm.Generation:D6}.policy"));
            }
            if (solved && _config.Evaluation.StopAtTarget)
            {
                break;
            }
        }

        if (last is null)
        {
            throw new OperationCanceledException("the run was cancelled before its first generation finished");
        }
        if (bestPolicy is null)
        {
            // Interrupted before anything was validated: validate the current champion now.
            var candidate = ChampionPolicy(last, totalSteps, null);
            bestValidation = Validate(candidate);
            bestPolicy = candidate with { Provenance = candidate.Provenance with { ValidationReturn = bestValidation } };
        }
        PolicyFile.Save(bestPolicy, PolicyPath);
        return new RunResult
        {
            Policy = bestPolicy,
            PolicyPath = PolicyPath,
            RunDirectory = RunDirectory,
            Generations = _algorithm.Generation,
            Solved = solved,
            ValidationReturn = bestValidation,
            EnvSteps = totalSteps,
            Elapsed = clock.Elapsed,
            Interrupted = interrupted,
        };
    }

    /// <summary>Mean return of <paramref name="policy"/> over the run's validation episodes.</summary>
    private double Validate(Policy policy)
    {
        var seeds = new long[_config.Evaluation.ValidationEpisodes];
        ulong validationSeed = SeedMixer.Mix(_config.Seed, ValidationPurpose);
        for (int e = 0; e < seeds.Length; e++)
        {
            seeds[e] = SeedMixer.EpisodeSeed(validationSeed, 0, e);
        }
        var task = new GenerationTask
        {
            Generation = 0,
            Bases = [_algorithm.Champion],
            EpisodeSeeds = seeds,
            Candidates = [new CandidateDescriptor(0, 0, default, 0f)],
            Normalizer = policy.Normalizer,
        };
        return _validator.Evaluate(task)[0].MeanReturn;
    }

    private Policy ChampionPolicy(GenerationOutcome outcome, long totalSteps, double? validation)
    {
        var theta = _algorithm.Champion;
        bool[]? mask = null;
        float[]? parameters = null;
        if (_model.Parameterization is SupermaskParameterization supermask)
        {
            mask = new bool[theta.Length];
            supermask.WriteMask(theta, mask);
        }
        else
        {
            parameters = (float[])theta.Clone();
        }
        return new Policy
        {
            EnvId = _env.Id,
            Architecture = _model.Architecture,
            DiscreteActions = _model.Head == Tensors.Networks.OutputHead.ArgMax,
            Family = mask is null ? PolicyFamily.Dense : PolicyFamily.Supermask,
            Init = _config.ParsedInit,
            WeightSeed = mask is null ? 0 : _config.Policy.WeightSeed ?? _config.Seed,
            Mask = mask,
            Parameters = parameters,
            Normalizer = _algorithm.Normalizer,
            Provenance = new Provenance
            {
                Config = RunConfigFile.ToJson(ProvenanceConfig(_config), indented: false),
                Algorithm = _algorithm.Name,
                Seed = _config.Seed,
                Generation = outcome.Generation,
                Fitness = outcome.ChampionFitness,
                ValidationReturn = validation,
                EnvSteps = totalSteps,
                Physics = _env.Physics,
                Producer = Producer,
            },
        };
    }

    /// <summary>
    /// The config as recorded in a policy: execution settings that cannot change results (thread
    /// count) are normalised, so the same run on 1 or 8 threads writes byte-identical policies.
    /// </summary>
    public static RunConfig ProvenanceConfig(RunConfig config) =>
        config with { Evaluation = config.Evaluation with { Threads = 0 } };

    /// <summary>Name and version of this program, for provenance.</summary>
    public static string Producer { get; } =
        $"Sandbox {typeof(EvolutionRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"}";

    private static void WriteAtomically(string path, string text)
    {
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _evaluator.Dispose();
        _validator.Dispose();
    }
}
