using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Cli.Charts;
using Sandbox.Cli.Composition;
using Sandbox.Cli.Views;
using Sandbox.Engine.Hosting;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Files;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Spectre.Console;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox evolve</c>: evolve a policy from a config with command-line overrides.</summary>
public static class EvolveCommand
{
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Run config (JSON); default configs/cartpole-mask.json" };
    private static readonly Option<string?> EnvOption = new("--env") { Description = "Environment id (see 'sandbox envs')" };
    private static readonly Option<string?> AlgoOption = new("--algo") { Description = "supermask or es" };
    private static readonly Option<ulong?> SeedOption = new("--seed") { Description = "Run seed" };
    private static readonly Option<int?> GenerationsOption = new("--generations") { Description = "Maximum generations" };
    private static readonly Option<int?> PopulationOption = new("--population") { Description = "Candidates per generation" };
    private static readonly Option<int?> EpisodesOption = new("--episodes") { Description = "Episodes per candidate per generation" };
    private static readonly Option<int?> ThreadsOption = new("--threads") { Description = "Evaluation threads (0 = all cores)" };
    private static readonly Option<string?> DeviceOption = new("--device") { Description = "cpu, cuda or cuda:N (CUDA needs a CUDA build of libtorch)" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "Also write the final policy to this file" };
    private static readonly Option<string?> NameOption = new("--name") { Description = "Run name (directory under runs/)" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print a final JSON summary line (progress goes to stderr)" };
    private static readonly Option<int?> WorkersOption = new("--workers") { Description = "Worker processes (default: one per core; 0 evaluates in this process)" };
    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "Continue the run in this directory (runs/<name>) from its checkpoint" };
    private static readonly Option<double?> WorkerTimeoutOption = new("--worker-timeout") { Description = "Seconds a worker may take for a batch before it is replaced (default: 10 × the slowest batch so far, at least 30; 300 before the first)" };
    private static readonly Option<double?> TimeLimitOption = new("--time-limit") { Description = "Stop after this many minutes (at a generation boundary, keeping the best validated policy)" };
    private static readonly Option<string?> TestFaultOption = new("--test-fault") { Description = "Inject a fault into worker 0 (tests): kill:N, hang:N, garbage:N, version", Hidden = true };
    private static readonly ClusterOptions Cluster = new();
    private static readonly Option<double?> ClusterWaitOption = new("--cluster-wait") { Description = "Seconds to wait for a silo when none can evaluate, then stop with the checkpoint (default 600)" };

    /// <summary>Builds the command.</summary>
    public static Command Create(TaskRegistry tasks)
    {
        var command = new Command("evolve", "Evolve a policy (supermask or full-weight ES) and save it under runs/<name>/");
        foreach (var option in new Option[] { ConfigOption, EnvOption, AlgoOption, SeedOption, GenerationsOption, PopulationOption, EpisodesOption, ThreadsOption, DeviceOption, OutOption, NameOption, JsonOption, WorkersOption, ResumeOption, WorkerTimeoutOption, TimeLimitOption, TestFaultOption, ClusterWaitOption }.Concat(Cluster.All))
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellation) => Task.FromResult(Execute(parse, tasks, cancellation)));
        return command;
    }

    /// <summary>Loads the config named by --config (or the default) and applies the overrides.</summary>
    internal static (RunConfig Config, string Name) ResolveConfig(ParseResult parse, TaskRegistry tasks)
    {
        string? path = parse.GetValue(ConfigOption);
        RunConfig config;
        string name;
        if (path is not null)
        {
            config = RunConfigFile.Load(path);
            name = Path.GetFileNameWithoutExtension(path);
        }
        else if (File.Exists(SandboxPaths.DefaultConfig))
        {
            config = RunConfigFile.Load(SandboxPaths.DefaultConfig);
            name = "cartpole-mask";
        }
        else
        {
            config = new RunConfig();
            name = "cartpole-mask";
        }
        config = config with
        {
            Env = parse.GetValue(EnvOption) ?? config.Env,
            Algorithm = parse.GetValue(AlgoOption) ?? config.Algorithm,
            Seed = parse.GetValue(SeedOption) ?? config.Seed,
            Generations = parse.GetValue(GenerationsOption) ?? config.Generations,
            Population = parse.GetValue(PopulationOption) ?? config.Population,
            Episodes = parse.GetValue(EpisodesOption) ?? config.Episodes,
            Device = parse.GetValue(DeviceOption) ?? config.Device,
            Evaluation = config.Evaluation with { Threads = parse.GetValue(ThreadsOption) ?? config.Evaluation.Threads },
        };
        var errors = config.Validate(tasks);
        if (errors.Count > 0)
        {
            throw new ConfigException($"invalid configuration: {errors[0]}");
        }
        return (config, name);
    }

    private static int Execute(ParseResult parse, TaskRegistry tasks, CancellationToken cancellation)
    {
        string? resume = parse.GetValue(ResumeOption);
        string? outPath = parse.GetValue(OutOption);
        if (outPath is not null)
        {
            OutputPaths.CheckWritable("--out", outPath, "policy.policy");
        }
        int workers = parse.GetValue(WorkersOption) ?? Environment.ProcessorCount;
        if (workers is < 0 or > 256)
        {
            throw new UsageException($"--workers must be between 0 and 256 (got {workers})");
        }
        bool json = parse.GetValue(JsonOption);
        var status = json ? Console.Error : Console.Out;

        EvolutionRequest request;
        RunConfig config;
        if (resume is not null)
        {
            foreach (var option in new Option[] { ConfigOption, EnvOption, AlgoOption, SeedOption, GenerationsOption, PopulationOption, EpisodesOption, DeviceOption, NameOption })
            {
                if (parse.GetResult(option) is not null)
                {
                    throw new UsageException($"--resume continues a run with its own config; {option.Name} cannot be combined with it");
                }
            }
            if (!File.Exists(Path.Combine(resume, "config.json")))
            {
                throw new UsageException($"--resume {Core.Text.Quoted.Value(resume)}: no run there (config.json is missing)");
            }
            config = RunConfigFile.Load(Path.Combine(resume, "config.json"));
            request = new EvolutionRequest { RunDirectory = Path.GetFullPath(resume), Resume = true, Threads = parse.GetValue(ThreadsOption) };
            var checkpoint = CheckpointStore.Load(resume);
            status.WriteLine($"resuming {resume} at generation {checkpoint.Generation} of {config.Generations}");
        }
        else
        {
            (config, string configName) = ResolveConfig(parse, tasks);
            string runName = parse.GetValue(NameOption) ?? $"{configName}-s{config.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}";
            if (runName.Length is 0 or > MaxNameLength || runName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || runName.Any(char.IsControl)
                || runName is "." or "..")
            {
                throw new UsageException($"--name {Core.Text.Quoted.Value(runName)} is not a valid run name (1 to {MaxNameLength} characters, no '/', a directory under runs/)");
            }
            request = new EvolutionRequest { Config = config, RunDirectory = UniqueDirectory(Path.Combine(SandboxPaths.Runs, runName)) };
            status.WriteLine($"evolving {Subject(config)} with {config.Algorithm}: population {config.Population}, {PerCandidate(config)}, up to {config.Generations} generations, seed {config.Seed} → {Path.GetRelativePath(Directory.GetCurrentDirectory(), request.RunDirectory)}");
        }
        tasks.TryGet(config.Task, out var factory);
        factory.Prepare(config); // e.g. fetch the dataset now: a missing one is one line before anything is written
        // A cluster is checked (Redis, secret, versions) before the run directory is touched.
        ClusterRun.CheckWait(parse.GetValue(ClusterWaitOption), parse.GetValue(Cluster.Cluster) is not null);
        using var cluster = ClusterRun.Connect(Cluster, parse, parse.GetValue(TestFaultOption), parse.GetResult(WorkersOption) is not null);
        status.WriteLine($"{factory.Describe(config)}, " + (cluster is not null ? cluster.Describe() : workers == 0 ? "evaluating in this process" : $"{workers} worker process(es)"));

        var settings = new Dictionary<string, string?>
        {
            ["Engine:Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["Engine:TestFault"] = parse.GetValue(TestFaultOption),
        };
        if (parse.GetValue(TimeLimitOption) is { } minutes)
        {
            if (!(minutes > 0))
            {
                throw new UsageException($"--time-limit must be a positive number of minutes (got {minutes})");
            }
            settings["Engine:TimeLimitSeconds"] = (minutes * 60).ToString(CultureInfo.InvariantCulture);
        }
        if (parse.GetValue(WorkerTimeoutOption) is { } timeout)
        {
            settings["Engine:WorkerTimeoutSeconds"] = timeout.ToString(CultureInfo.InvariantCulture);
        }
        IEvolutionView view = !json && !Console.IsOutputRedirected
            ? new LiveEvolutionView(AnsiConsole.Console, $"{Subject(config)} · {config.Algorithm}")
            : new PlainEvolutionView(status);
        RunObserver? observer = null;
        RunResult result;
        string? runsCreated = Directory.Exists(Path.GetDirectoryName(request.RunDirectory)) ? null : Path.GetDirectoryName(request.RunDirectory);
        try
        {
            result = view.Show(progress =>
            {
                observer = new RunObserver(progress);
                return EvolutionHost.Run(request, settings, tasks, observer,
                    evaluators: cluster?.Evaluators(observer, parse.GetValue(WorkerTimeoutOption), parse.GetValue(ClusterWaitOption)));
            }, () => observer?.Workers ?? []);
        }
        catch (Exception e) when (resume is null)
        {
            // A run stopped by a repeating worker failure keeps the checkpoint it wrote (to resume once the cause is fixed).
            if (!(e is Evolution.Evaluation.EvaluationFailedException && File.Exists(Path.Combine(request.RunDirectory, CheckpointStore.FileName))))
            {
                RemoveIfNothingEvaluated(request.RunDirectory, runsCreated);
            }
            throw;
        }

        if (outPath is not null)
        {
            Core.Files.FileEnvelope.WriteAtomically(outPath, result.Artifact);
        }
        string artifactShown = Path.GetRelativePath(Directory.GetCurrentDirectory(), outPath ?? result.ArtifactPath);
        string curves = Path.Combine(result.RunDirectory, CurvesChart.FileName);
        if (CurvesChart.WriteForRun(result.RunDirectory))
        {
            status.WriteLine($"curves: {Path.GetRelativePath(Directory.GetCurrentDirectory(), curves)}");
        }
        bool control = config.Task == RunConfig.ControlTask;
        double? sparsity = control ? PolicyFile.FromBytes(result.Artifact, artifactShown).Sparsity : null;
        string verdict = result.Solved ? "solved" : result.Interrupted ? "interrupted" : result.TimeLimitReached ? "time limit reached, not solved" : "not solved";
        status.WriteLine(
            $"{verdict} after {result.Generations} generations, {result.Work:N0} {result.WorkMetric.Replace('_', ' ')}, {result.Elapsed.TotalSeconds:0.0} s; " +
            $"validation {(control ? "mean return" : result.ValidationMetric)} {result.Validation:0.0###}" + (sparsity is { } sp ? $", sparsity {sp:P1}" : ""));
        status.WriteLine($"{(control ? "policy" : "model")}: {artifactShown}");
        ModelScore? test = null;
        if (!control)
        {
            test = ModelScore.OnTestSet(ClassifierFile.FromBytes(result.Artifact, artifactShown), null, DatasetCatalogOptions.ForCli());
            status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {test.Accuracy:P2} on {test.Examples:N0} {test.Dataset} test images"));
        }
        if (result.Interrupted)
        {
            status.WriteLine($"resume: ./sandbox evolve --resume {Path.GetRelativePath(Directory.GetCurrentDirectory(), result.RunDirectory)}");
        }
        status.WriteLine(control ? $"replay: ./sandbox replay {artifactShown} --episodes 100 --seed 123" : $"evaluate: ./sandbox eval {artifactShown}");
        if (json)
        {
            var summary = new Dictionary<string, object?>
            {
                ["run"] = result.RunDirectory,
                ["artifact"] = Path.GetFullPath(outPath ?? result.ArtifactPath),
                ["task"] = config.Task,
                ["algorithm"] = config.Algorithm,
                ["seed"] = config.Seed,
                ["generations"] = result.Generations,
                ["solved"] = result.Solved,
                ["interrupted"] = result.Interrupted,
                ["time_limit_reached"] = result.TimeLimitReached,
                ["validation"] = result.Validation,
                ["validation_metric"] = result.ValidationMetric,
                [result.WorkMetric] = result.Work,
                ["elapsed_seconds"] = Math.Round(result.Elapsed.TotalSeconds, 3),
                ["workers"] = workers,
            };
            if (control)
            {
                summary["policy"] = summary["artifact"];
                summary["env"] = config.Env;
                summary["validation_return"] = result.Validation;
                summary["sparsity"] = sparsity;
            }
            else
            {
                summary["model"] = summary["artifact"];
                summary["dataset"] = config.Classification.Dataset;
                summary["test_accuracy"] = test!.Accuracy;
                summary["test_loss"] = test.Loss;
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(summary));
        }
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>Longest run name: the directory and the files in it must stay well within path limits.</summary>
    private const int MaxNameLength = 100;

    /// <summary>
    /// A new run that failed or was stopped before its first generation leaves nothing worth keeping: remove its
    /// directory rather than litter runs/.
    /// </summary>
    private static void RemoveIfNothingEvaluated(string runDirectory, string? createdParent)
    {
        string metrics = Path.Combine(runDirectory, "metrics.jsonl");
        try
        {
            if (Directory.Exists(runDirectory) && (!File.Exists(metrics) || new FileInfo(metrics).Length == 0))
            {
                Directory.Delete(runDirectory, recursive: true);
                if (createdParent is not null && !Directory.EnumerateFileSystemEntries(createdParent).Any())
                {
                    Directory.Delete(createdParent); // runs/ itself, when this run created it
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure itself is what the user must see.
        }
    }

    /// <summary>What a config evolves on: the environment id or the dataset.</summary>
    private static string Subject(RunConfig config) => config.Task == RunConfig.ControlTask ? config.Env : config.Classification.Dataset;

    /// <summary>What each candidate is evaluated on.</summary>
    private static string PerCandidate(RunConfig config) => config.Task == RunConfig.ControlTask
        ? $"{config.Episodes} episodes"
        : $"a minibatch of {config.Classification.BatchSize}";

    private static string UniqueDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return path;
        }
        for (int i = 2; ; i++)
        {
            string candidate = path + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (!Directory.Exists(candidate))
            {
                return candidate;
            }
        }
    }
}
