using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Cli.Composition;
using Sandbox.Evolution.Configuration;
using Sandbox.Supervised.Benchmarks;
using Sandbox.Supervised.Classification;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench classifier</c>: generations, candidate evaluations and samples per second of classifier
/// evolution in one process (plan, evaluate, tell), with the share of time in the forward.
/// </summary>
public static class ClassifierBenchCommand
{
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Classification run config (default configs/mnist-es.json)" };
    private static readonly Option<string> ThreadsOption = new("--threads") { Description = "Thread counts to measure, comma-separated", DefaultValueFactory = _ => "1,2" };
    private static readonly Option<int> GenerationsOption = new("--generations") { Description = "Timed generations per thread count", DefaultValueFactory = _ => 40 };
    private static readonly Option<int> WarmupOption = new("--warmup") { Description = "Untimed generations first (JIT, buffers)", DefaultValueFactory = _ => 5 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object per thread count" };

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("classifier", "Generations, candidate evaluations and samples per second of classifier evolution in one process, with the time split");
        foreach (var option in new Option[] { ConfigOption, ThreadsOption, GenerationsOption, WarmupOption, JsonOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        string path = parse.GetValue(ConfigOption) ?? Path.Combine(SandboxPaths.Home, "configs", "mnist-es.json");
        int generations = parse.GetValue(GenerationsOption);
        int warmup = parse.GetValue(WarmupOption);
        if (generations < 1 || warmup < 0)
        {
            throw new UsageException($"--generations must be at least 1 and --warmup at least 0 (got {generations}, {warmup})");
        }
        var config = RunConfigFile.Load(path);
        if (config.Task != RunConfig.ClassificationTask)
        {
            throw new UsageException($"{path} is a {config.Task} config; bench classifier needs \"task\": \"classification\" (use bench engine or bench rollout for control)");
        }
        var factory = new ClassificationTaskFactory(DatasetCatalog.Default, DatasetCatalogOptions.ForCli());
        if (factory.Validate(config).FirstOrDefault() is { } problem)
        {
            throw new UsageException($"{path}: {problem}");
        }
        factory.Prepare(config);
        int[] threads = BenchCommand.ParseList(parse.GetValue(ThreadsOption)!, "--threads");
        bool json = parse.GetValue(JsonOption);
        using var task = (ClassificationTask)factory.Create(config);
        if (!json)
        {
            Console.Out.WriteLine($"{config.Algorithm} on {task.Id}, network {((Sandbox.Evolution.Tasks.IEvaluationTask)task).Network}, population {config.Population}, minibatch {task.BatchSize}; {warmup} warm-up + {generations} timed generations");
            Console.Out.WriteLine("threads  gen/s  candidates/s    samples/s  plan  evaluate  tell  forward");
        }
        foreach (int t in threads)
        {
            var r = ClassifierEsBenchmark.Run(config, task, t, warmup, generations);
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["config"] = Path.GetFileName(path),
                    ["algorithm"] = config.Algorithm,
                    ["dataset"] = task.Id,
                    ["network"] = ((Sandbox.Evolution.Tasks.IEvaluationTask)task).Network,
                    ["population"] = config.Population,
                    ["batch_size"] = task.BatchSize,
                    ["threads"] = t,
                    ["generations_per_second"] = Math.Round(r.GenerationsPerSecond, 3),
                    ["candidates_per_second"] = Math.Round(r.CandidatesPerSecond, 1),
                    ["samples_per_second"] = Math.Round(r.SamplesPerSecond),
                    ["plan_share"] = Math.Round(r.PlanShare, 4),
                    ["evaluate_share"] = Math.Round(r.EvaluateShare, 4),
                    ["tell_share"] = Math.Round(r.TellShare, 4),
                    ["forward_share"] = Math.Round(r.ForwardShare, 4),
                }));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{t,7}  {r.GenerationsPerSecond,5:0.00}  {r.CandidatesPerSecond,12:N0}  {r.SamplesPerSecond,11:N0}  {r.PlanShare,4:P0}  {r.EvaluateShare,8:P0}  {r.TellShare,4:P0}  {r.ForwardShare,7:P0}"));
            }
        }
        return ExitCodes.Ok;
    }
}
