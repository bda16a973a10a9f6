using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
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
/// held-out seeds, and the final policy file. A run stopped at a generation boundary and resumed
/// from its checkpoint ends exactly as if it had never stopped.
/// </summary>
public sealed class EvolutionRun : IDisposable
{
    private const ulong ValidationPurpose = 0x7A11_DA7E;
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly RunConfig _config;
    private readonly EnvironmentSpec _env;
    private readonly PolicyModel _model;
    private readonly IEvolutionAlgorithm _algorithm;
    private readonly ICandidateEvaluator _evaluator;
    private readonly PopulationEvaluator _validator;
    private readonly double _target;
    private RunCheckpoint? _resumeFrom;
    private float[] _lastValidated = [];

    /// <summary>Episodes of the screening validation that precedes the full one.</summary>
    private int ScreenEpisodes => Math.Min(10, _config.Evaluation.ValidationEpisodes);

    /// <summary>Builds the run; the evaluator defaults to threads of this process.</summary>
    public EvolutionRun(RunConfig config, EnvironmentRegistry registry, string runDirectory,
        Func<PolicyModel, ICandidateEvaluator>? evaluatorFactory = null)
    {
        var errors = config.Validate(registry);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors[0]);
        }
        _config = config;
        _env = registry.Get(config.Env);
        _model = CreateModel(config, _env);
        _algorithm = CreateAlgorithm(config, _model);
        ComputeDevice.TryParse(config.Device, out var device);
        int threads = config.Evaluation.Threads > 0 ? config.Evaluation.Threads : Environment.ProcessorCount;
        _evaluator = evaluatorFactory?.Invoke(_model) ?? new InProcessEvaluator(_model, threads, device);
        _validator = new PopulationEvaluator(_model, 1, device);
        _target = config.Evaluation.TargetReturn ?? _env.RewardThreshold;
        RunDirectory = runDirectory;
    }

    /// <summary>Reopens a run directory at its last checkpoint.</summary>
    /// <exception cref="ConfigException">No run, no checkpoint, or a checkpoint of another config.</exception>
    public static EvolutionRun Resume(string runDirectory, EnvironmentRegistry registry,
        Func<RunConfig, RunConfig>? executionSettings = null, Func<PolicyModel, ICandidateEvaluator>? evaluatorFactory = null)
    {
        var checkpoint = CheckpointStore.Load(runDirectory);
        var config = RunConfigFile.Load(Path.Combine(runDirectory, "config.json"));
        if (executionSettings is not null)
        {
            config = executionSettings(config);
        }
        if (RunConfigFile.ToJson(ProvenanceConfig(config), indented: false) != checkpoint.ConfigJson)
        {
            throw new ConfigException($"--resume '{runDirectory}': config.json no longer matches the checkpoint; only execution settings (threads, workers) may change");
        }
        var run = new EvolutionRun(config, registry, runDirectory, evaluatorFactory);
        try
        {
            run._algorithm.ImportState(checkpoint.AlgorithmState);
        }
        catch (InvalidDataException e)
        {
            run.Dispose();
            throw new ConfigException($"--resume '{runDirectory}': {e.Message}", e);
        }
        run._resumeFrom = checkpoint;
        return run;
    }

    /// <summary>Where metrics, checkpoints and the final policy go.</summary>
    public string RunDirectory { get; }

    /// <summary>The resolved configuration.</summary>
    public RunConfig Config => _config;

    /// <summary>The network and parameterization every candidate uses.</summary>
    public PolicyModel Model => _model;

    /// <summary>Generations completed before <see cref="Run"/> (non-zero when resumed).</summary>
    public int StartGeneration => _resumeFrom?.Generation ?? 0;

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

    /// <summary>Builds the algorithm a config names, at generation 0.</summary>
    public static IEvolutionAlgorithm CreateAlgorithm(RunConfig config, PolicyModel model) =>
        config.Algorithm == RunConfig.EsAlgorithm
            ? new OpenAiEs(config, model.Architecture)
            : new SupermaskEvolution(config, model.Parameterization.ParameterCount);

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

    /// <summary>
    /// The config as recorded in a policy or checkpoint: execution settings that cannot change results
    /// (thread count) are normalised, so the same run on 1 or 8 threads writes byte-identical files.
    /// </summary>
    public static RunConfig ProvenanceConfig(RunConfig config) =>
        config with { Evaluation = config.Evaluation with { Threads = 0 } };

    /// <summary>Runs to the last generation, the target, or cancellation; writes the run directory.</summary>
    public RunResult Run(IProgress<GenerationReport>? progress = null, CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(Path.Combine(RunDirectory, "checkpoints"));
        string metricsPath = Path.Combine(RunDirectory, "metrics.jsonl");
        var state = new RunCheckpoint { ConfigJson = RunConfigFile.ToJson(ProvenanceConfig(_config), indented: false) };
        if (_resumeFrom is { } resumed)
        {
            state = resumed;
            _lastValidated = resumed.LastValidated;
            KeepFirstLines(metricsPath, resumed.Generation);
        }
        else
        {
            WriteAtomically(Path.Combine(RunDirectory, "config.json"), RunConfigFile.ToJson(_config));
            WriteAtomically(Path.Combine(RunDirectory, "provenance.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["producer"] = Producer,
                ["env"] = _env.Id,
                ["physics"] = _env.Physics,
                ["algorithm"] = _algorithm.Name,
                ["seed"] = _config.Seed,
                ["network"] = _model.Architecture.Describe(),
                ["search_parameters"] = _model.Parameterization.ParameterCount,
            }, IndentedJson));
            File.WriteAllText(metricsPath, "");
        }
        Policy? bestPolicy = state.BestPolicy is null ? null : PolicyFile.FromBytes(state.BestPolicy, "checkpoint");
        using var metrics = new MetricsWriter(metricsPath);
        _evaluator.Start(_config, _algorithm.ExportState);

        var clock = Stopwatch.StartNew();
        var before = TimeSpan.FromSeconds(state.ElapsedSeconds);
        TimeSpan Elapsed() => before + clock.Elapsed;
        bool interrupted = false;
        while (_algorithm.Generation < _config.Generations && !(state.Solved && _config.Evaluation.StopAtTarget))
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            int g = _algorithm.Generation;
            var started = clock.Elapsed;
            var task = _algorithm.Plan(EpisodeSeeds(_config.Seed, g, _config.Episodes));
            CandidateResult[] results;
            try
            {
                results = _evaluator.Evaluate(task, cancellation);
            }
            catch (OperationCanceledException)
            {
                interrupted = true; // the unfinished generation is dropped; the state is still at its start
                break;
            }
            var seconds = (clock.Elapsed - started).TotalSeconds;
            long steps = 0;
            foreach (var r in results)
            {
                steps += r.EnvSteps;
            }
            state.TotalEnvSteps += steps;
            var outcome = _algorithm.Tell(task, results);
            _evaluator.Commit(task, results);
            state.Generation = _algorithm.Generation;
            state.LastChampionFitness = outcome.ChampionFitness;
            state.LastChampionSparsity = outcome.ChampionSparsity;

            double? validation = null;
            bool finalGeneration = _algorithm.Generation >= _config.Generations;
            bool fresh = !_algorithm.Champion.AsSpan().SequenceEqual(_lastValidated);
            bool promising = outcome.ChampionFitness >= _target && fresh;
            bool scheduled = _config.Evaluation.ValidateEvery > 0 && _algorithm.Generation % _config.Evaluation.ValidateEvery == 0 && fresh;
            if (promising || scheduled || finalGeneration)
            {
                var candidate = ChampionPolicy(outcome.Generation, outcome.ChampionFitness, state.TotalEnvSteps);
                _lastValidated = (float[])_algorithm.Champion.Clone();
                state.LastValidated = _lastValidated;
                // A short screen first: most champions that look solved on a few training episodes are not.
                double score = scheduled || finalGeneration ? double.PositiveInfinity : Validate(candidate, ScreenEpisodes);
                if (score >= _target)
                {
                    score = Validate(candidate, _config.Evaluation.ValidationEpisodes);
                }
                validation = score;
                if (score > state.BestValidation)
                {
                    state.BestValidation = score;
                    bestPolicy = candidate with { Provenance = candidate.Provenance with { ValidationReturn = score } };
                    state.BestPolicy = PolicyFile.ToBytes(bestPolicy);
                }
                state.Solved |= score >= _target;
            }

            var report = new GenerationReport
            {
                Outcome = outcome,
                TotalGenerations = _config.Generations,
                EnvSteps = steps,
                TotalEnvSteps = state.TotalEnvSteps,
                StepsPerSecond = seconds > 0 ? steps / seconds : 0,
                Elapsed = Elapsed(),
                Validation = validation,
                Solved = state.Solved,
                Evaluator = _evaluator.LastReport,
                GenerationSeconds = seconds,
            };
            metrics.Write(report);
            progress?.Report(report);

            if (_config.CheckpointEvery > 0 && _algorithm.Generation % _config.CheckpointEvery == 0)
            {
                SaveCheckpoint(state, Elapsed());
                PolicyFile.Save(ChampionPolicy(outcome.Generation, outcome.ChampionFitness, state.TotalEnvSteps),
                    Path.Combine(RunDirectory, "checkpoints", $"gen-{_algorithm.Generation:D6}.policy"));
            }
        }
        SaveCheckpoint(state, Elapsed());

        if (state.Generation == 0)
        {
            throw new OperationCanceledException("the run was stopped before its first generation finished");
        }
        double finalValidation = state.BestValidation;
        if (bestPolicy is null)
        {
            // Stopped before anything was validated: validate the current champion for this output only
            // (the checkpoint above does not record it, so a resumed run is unaffected).
            var candidate = ChampionPolicy(state.Generation - 1, state.LastChampionFitness, state.TotalEnvSteps);
            finalValidation = Validate(candidate, _config.Evaluation.ValidationEpisodes);
            bestPolicy = candidate with { Provenance = candidate.Provenance with { ValidationReturn = finalValidation } };
        }
        PolicyFile.Save(bestPolicy, PolicyPath);
        return new RunResult
        {
            Policy = bestPolicy,
            PolicyPath = PolicyPath,
            RunDirectory = RunDirectory,
            Generations = state.Generation,
            Solved = state.Solved,
            ValidationReturn = finalValidation,
            EnvSteps = state.TotalEnvSteps,
            Elapsed = Elapsed(),
            Interrupted = interrupted,
        };
    }

    private void SaveCheckpoint(RunCheckpoint state, TimeSpan elapsed)
    {
        state.AlgorithmState = _algorithm.ExportState();
        state.ElapsedSeconds = elapsed.TotalSeconds;
        CheckpointStore.Save(RunDirectory, state);
    }

    /// <summary>Mean return of the current champion over the first <paramref name="episodes"/> of the run's validation seeds.</summary>
    private double Validate(Policy policy, int episodes)
    {
        var seeds = new long[episodes];
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

    private Policy ChampionPolicy(int generation, double fitness, long totalSteps)
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
                Generation = generation,
                Fitness = fitness,
                EnvSteps = totalSteps,
                Physics = _env.Physics,
                Producer = Producer,
            },
        };
    }

    /// <summary>Name and version of this program, for provenance.</summary>
    public static string Producer { get; } =
        $"Sandbox {typeof(EvolutionRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"}";

    private static void KeepFirstLines(string path, int count)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length > count)
        {
            WriteAtomically(path, string.Concat(lines.Take(count).Select(l => l + "\n")));
        }
    }

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
