using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Sandbox.Core.Files;
using Sandbox.Core.Text;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// One evolution run from a validated <see cref="RunConfig"/> on any task: generations of plan → evaluate →
/// tell, metrics and checkpoints in the run directory, validation of promising champions on held-out
/// inputs, and the final artifact (policy or classifier). A run stopped at a generation boundary and
/// resumed from its checkpoint ends exactly as if it had never stopped.
/// </summary>
public sealed class EvolutionRun : IDisposable
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly RunConfig _config;
    private readonly IEvaluationTask _task;
    private readonly IEvolutionAlgorithm _algorithm;
    private readonly ICandidateEvaluator _evaluator;
    private readonly ITaskEvaluator _validator;
    private readonly double _target;
    private RunCheckpoint? _resumeFrom;
    private float[] _lastValidated = [];

    /// <summary>Builds the run; the evaluator defaults to threads of this process.</summary>
    /// <exception cref="ConfigException">The config is invalid.</exception>
    public EvolutionRun(RunConfig config, TaskRegistry tasks, string runDirectory, Func<IEvaluationTask, RunConfig, ICandidateEvaluator>? evaluatorFactory = null)
    {
        var errors = config.Validate(tasks);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors[0]);
        }
        _config = config;
        _task = tasks.Create(config);
        try
        {
            _algorithm = AlgorithmRegistry.Create(config, _task.Space);
            ComputeDevice.TryParse(config.Device, out var device);
            int threads = config.Evaluation.Threads > 0 ? config.Evaluation.Threads : Environment.ProcessorCount;
            _evaluator = evaluatorFactory?.Invoke(_task, config) ?? new InProcessEvaluator(_task, threads, device);
            _validator = _task.CreateEvaluator(1, device);
        }
        catch
        {
            _evaluator?.Dispose();
            _task.Dispose();
            throw;
        }
        _target = config.Evaluation.Target ?? _task.DefaultTarget;
        RunDirectory = runDirectory;
    }

    /// <summary>Reopens a run directory at its last checkpoint.</summary>
    /// <exception cref="ConfigException">No run, no checkpoint, or a checkpoint of another config.</exception>
    public static EvolutionRun Resume(string runDirectory, TaskRegistry tasks,
        Func<RunConfig, RunConfig>? executionSettings = null, Func<IEvaluationTask, RunConfig, ICandidateEvaluator>? evaluatorFactory = null)
    {
        var checkpoint = CheckpointStore.Load(runDirectory);
        var config = RunConfigFile.Load(Path.Combine(runDirectory, "config.json"));
        if (executionSettings is not null)
        {
            config = executionSettings(config);
        }
        if (RunConfigFile.ToJson(ProvenanceConfig(config), indented: false) != checkpoint.ConfigJson)
        {
            throw new ConfigException($"--resume {Quoted.Value(runDirectory)}: config.json no longer matches the checkpoint; only execution settings (threads, workers, device) may change");
        }
        if (checkpoint.Generation > config.Generations)
        {
            throw new ConfigException($"--resume {Quoted.Value(runDirectory)}: checkpoint {CheckpointStore.FileName} is at generation {checkpoint.Generation}, beyond the run's {config.Generations}");
        }
        var run = new EvolutionRun(config, tasks, runDirectory, evaluatorFactory);
        try
        {
            run._algorithm.ImportState(checkpoint.AlgorithmState);
            run._task.ImportState(checkpoint.TaskState);
            if (run._algorithm.Generation != checkpoint.Generation)
            {
                throw new InvalidDataException($"the algorithm state is at generation {run._algorithm.Generation}, the checkpoint at {checkpoint.Generation}");
            }
            if (checkpoint.LastValidated.Length is not 0 && checkpoint.LastValidated.Length != run._task.Space.Count)
            {
                throw new InvalidDataException("the last validated champion does not fit this network");
            }
            if (checkpoint.BestArtifact is { } artifact)
            {
                run._task.CheckArtifact(artifact);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EnvelopeException)
        {
            run.Dispose();
            throw new ConfigException($"--resume {Quoted.Value(runDirectory)}: checkpoint {CheckpointStore.FileName} does not fit this run: {e.Message}", e);
        }
        run._resumeFrom = checkpoint;
        return run;
    }

    /// <summary>Where metrics, checkpoints and the final artifact go.</summary>
    public string RunDirectory { get; }

    /// <summary>The resolved configuration.</summary>
    public RunConfig Config => _config;

    /// <summary>The task evolved.</summary>
    public IEvaluationTask Task => _task;

    /// <summary>Generations completed before <see cref="Run"/> (non-zero when resumed).</summary>
    public int StartGeneration => _resumeFrom?.Generation ?? 0;

    /// <summary>The final artifact's path inside the run directory.</summary>
    public string ArtifactPath => Path.Combine(RunDirectory, _task.ArtifactFileName);

    /// <summary>
    /// The config as recorded in an artifact or checkpoint: execution settings that cannot change results
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
            WriteText(Path.Combine(RunDirectory, "config.json"), RunConfigFile.ToJson(_config));
            var provenance = new Dictionary<string, object>
            {
                ["producer"] = Producer,
                ["task"] = _task.Kind,
                ["algorithm"] = _algorithm.Name,
                ["seed"] = _config.Seed,
            };
            foreach (var (key, value) in _task.Provenance)
            {
                provenance[key] = value;
            }
            WriteText(Path.Combine(RunDirectory, "provenance.json"), JsonSerializer.Serialize(provenance, IndentedJson));
            File.WriteAllText(metricsPath, "");
        }
        using var metrics = new MetricsWriter(metricsPath);
        _evaluator.Start(_config, () => new ReplicaState(_algorithm.ExportState(), _task.ExportState()));

        var clock = Stopwatch.StartNew();
        var before = TimeSpan.FromSeconds(state.ElapsedSeconds);
        TimeSpan Elapsed() => before + clock.Elapsed;
        bool interrupted = false;
        var layout = _task.Metrics;
        string extension = Path.GetExtension(_task.ArtifactFileName);
        while (_algorithm.Generation < _config.Generations && !(state.Solved && _config.Evaluation.StopAtTarget))
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            int g = _algorithm.Generation;
            var started = clock.Elapsed;
            var task = _algorithm.Plan(_task.TrainingContext(g));
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
            catch (EvaluationFailedException)
            {
                SaveCheckpoint(state, Elapsed()); // the last completed generation, to resume once the cause is fixed
                throw;
            }
            var seconds = (clock.Elapsed - started).TotalSeconds;
            long work = 0;
            var fitness = new double[results.Length];
            for (int i = 0; i < results.Length; i++)
            {
                work += (long)results[i].Metrics[layout.Work];
                fitness[i] = results[i].Fitness;
            }
            state.TotalWork += work;
            var outcome = _algorithm.Tell(task, fitness);
            _task.Commit(results);
            _evaluator.Commit(task, results);
            state.Generation = _algorithm.Generation;
            state.LastChampionFitness = outcome.ChampionFitness;

            double? validation = null;
            bool finalGeneration = _algorithm.Generation >= _config.Generations;
            bool fresh = !_algorithm.Champion.AsSpan().SequenceEqual(_lastValidated);
            // Promising when the champion's training value of the validation metric (return, minibatch accuracy) reaches the target.
            bool promising = results[outcome.ChampionIndex].Metrics[layout.Validation] >= _target && fresh;
            bool scheduled = _config.Evaluation.ValidateEvery > 0 && _algorithm.Generation % _config.Evaluation.ValidateEvery == 0 && fresh;
            if (promising || scheduled || finalGeneration)
            {
                _lastValidated = (float[])_algorithm.Champion.Clone();
                state.LastValidated = _lastValidated;
                var sizes = _task.ValidationSizes;
                // A short screen first: most champions that look solved on a few training inputs are not. A screen
                // only decides whether the full validation runs; its score is never a validation (a best chosen
                // among screens of 10 episodes replayed 240 where the screen said 310).
                bool full = scheduled || finalGeneration || sizes.Screen >= sizes.Full || Validate(sizes.Screen) >= _target;
                if (full)
                {
                    double score = Validate(sizes.Full);
                    validation = score;
                    if (score > state.BestValidation)
                    {
                        state.BestValidation = score;
                        state.BestArtifact = _task.CreateArtifact(_algorithm.Champion, Provenance(outcome.Generation, outcome.ChampionFitness, state.TotalWork, score));
                    }
                    state.Solved |= score >= _target;
                }
            }

            var report = new GenerationReport
            {
                Outcome = outcome,
                TotalGenerations = _config.Generations,
                Metrics = layout,
                ChampionMetrics = results[outcome.ChampionIndex].Metrics,
                Candidates = results.Length,
                Work = work,
                TotalWork = state.TotalWork,
                WorkPerSecond = seconds > 0 ? work / seconds : 0,
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
                FileEnvelope.WriteAtomically(Path.Combine(RunDirectory, "checkpoints", $"gen-{_algorithm.Generation:D6}{extension}"),
                    _task.CreateArtifact(_algorithm.Champion, Provenance(outcome.Generation, outcome.ChampionFitness, state.TotalWork, null)));
            }
        }
        SaveCheckpoint(state, Elapsed());

        if (state.Generation == 0)
        {
            throw new OperationCanceledException("the run was stopped before its first generation finished");
        }
        double finalValidation = state.BestValidation;
        byte[]? artifact = state.BestArtifact;
        if (artifact is null)
        {
            // Stopped before anything was validated: validate the current champion for this output only
            // (the checkpoint above does not record it, so a resumed run is unaffected).
            finalValidation = Validate(_task.ValidationSizes.Full);
            artifact = _task.CreateArtifact(_algorithm.Champion, Provenance(state.Generation - 1, state.LastChampionFitness, state.TotalWork, finalValidation));
        }
        FileEnvelope.WriteAtomically(ArtifactPath, artifact);
        return new RunResult
        {
            Artifact = artifact,
            ArtifactPath = ArtifactPath,
            RunDirectory = RunDirectory,
            Generations = state.Generation,
            Solved = state.Solved,
            Validation = finalValidation,
            ValidationMetric = layout.ValidationName,
            Work = state.TotalWork,
            WorkMetric = layout.WorkName,
            Elapsed = Elapsed(),
            Interrupted = interrupted,
        };
    }

    private ArtifactProvenance Provenance(int generation, double fitness, long work, double? validation) => new()
    {
        Config = RunConfigFile.ToJson(ProvenanceConfig(_config), indented: false),
        Algorithm = _algorithm.Name,
        Seed = _config.Seed,
        Generation = generation,
        Fitness = fitness,
        Validation = validation,
        Work = work,
        Producer = Producer,
    };

    private void SaveCheckpoint(RunCheckpoint state, TimeSpan elapsed)
    {
        state.AlgorithmState = _algorithm.ExportState();
        state.TaskState = _task.ExportState();
        state.ElapsedSeconds = elapsed.TotalSeconds;
        CheckpointStore.Save(RunDirectory, state);
    }

    /// <summary>The current champion's validation score on the first <paramref name="size"/> held-out inputs.</summary>
    private double Validate(int size)
    {
        var task = new GenerationTask
        {
            Generation = _algorithm.Generation,
            Bases = [_algorithm.Champion],
            Context = _task.ValidationContext(size),
            Candidates = [CandidateDescriptor.Clone(0, 0)],
        };
        return _validator.Evaluate(task)[0].Metrics[_task.Metrics.Validation];
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
            WriteText(path, string.Concat(lines.Take(count).Select(l => l + "\n")));
        }
    }

    private static void WriteText(string path, string text) => FileEnvelope.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public void Dispose()
    {
        _evaluator.Dispose();
        _validator.Dispose();
        _task.Dispose();
    }
}
