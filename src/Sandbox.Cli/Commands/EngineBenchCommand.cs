using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Core.Environments;
using Sandbox.Engine.Hosting;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench engine</c>: population-evaluation throughput of the hosted engine with N worker
/// processes, and its overhead (the share of worker time outside environment steps and policy forwards).
/// </summary>
public static class EngineBenchCommand
{
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "Run config (default configs/lunarlander-mask.json)" };
    private static readonly Option<string> WorkersOption = new("--workers") { Description = "Worker counts to measure, comma-separated", DefaultValueFactory = _ => "1,2" };
    private static readonly Option<int> GenerationsOption = new("--generations") { Description = "Generations per measurement (the first is warm-up and not counted)", DefaultValueFactory = _ => 8 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object per worker count" };
    private static readonly ClusterOptions Cluster = new();

    /// <summary>Builds the subcommand.</summary>
    public static Command Create(Evolution.Tasks.TaskRegistry tasks)
    {
        var command = new Command("engine", "Env steps per second of the hosted engine with 1..N worker processes, and the engine's overhead");
        foreach (var option in new Option[] { ConfigOption, WorkersOption, GenerationsOption, JsonOption }.Concat(Cluster.All))
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Execute(parse, tasks));
        return command;
    }

    private static int Execute(ParseResult parse, Evolution.Tasks.TaskRegistry tasks)
    {
        string path = parse.GetValue(ConfigOption) ?? Path.Combine(SandboxPaths.Home, "configs", "lunarlander-mask.json");
        int generations = parse.GetValue(GenerationsOption);
        if (generations < 2)
        {
            throw new UsageException($"--generations must be at least 2 (got {generations})");
        }
        var config = RunConfigFile.Load(path) with
        {
            Generations = generations,
            CheckpointEvery = 0,
            Evaluation = new EvaluationConfig { StopAtTarget = false, ValidationEpisodes = 1 },
        };
        if (config.Validate(tasks) is { Count: > 0 } errors)
        {
            throw new UsageException(errors[0]);
        }
        bool json = parse.GetValue(JsonOption);
        double? single = null;
        // With --cluster: one measurement on the cluster's silos (their --workers decide), checked before anything runs.
        using var cluster = ClusterRun.Connect(Cluster, parse, testFault: null, workersGiven: false);
        var counts = cluster is null ? BenchCommand.ParseList(parse.GetValue(WorkersOption)!, "--workers") : [cluster.Workers];
        foreach (int workers in counts)
        {
            string directory = Path.Combine(Path.GetTempPath(), $"sandbox-bench-engine-{Environment.ProcessId}-{workers}");
            var settings = new Dictionary<string, string?> { ["Engine:Workers"] = workers.ToString(CultureInfo.InvariantCulture) };
            try
            {
                var observer = new RunObserver(null);
                EvolutionHost.Run(new EvolutionRequest { Config = config, RunDirectory = directory }, settings, tasks, observer,
                    evaluators: cluster?.Evaluators(observer, null, null));
                var (work, stepsPerSecond, candidatesPerSecond, overhead, bytes) = Summarise(Path.Combine(directory, "metrics.jsonl"));
                single ??= stepsPerSecond;
                if (json)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["task"] = config.Task,
                        ["env"] = config.Task == RunConfig.ControlTask ? config.Env : config.Classification.Dataset,
                        ["workers"] = workers,
                        ["evaluator"] = cluster is null ? "pipe" : "cluster",
                        ["silos"] = cluster?.Silos ?? 0,
                        ["work_metric"] = work,
                        [work + "_per_second"] = Math.Round(stepsPerSecond),
                        ["steps_per_second"] = Math.Round(stepsPerSecond),
                        ["candidates_per_second"] = Math.Round(candidatesPerSecond, 1),
                        ["scaling"] = Math.Round(stepsPerSecond / single.Value, 3),
                        ["engine_overhead"] = Math.Round(overhead, 4),
                        ["bytes_per_generation"] = Math.Round(bytes),
                    }));
                }
                else
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(config.Task == RunConfig.ControlTask ? config.Env : config.Classification.Dataset)}, {(cluster is null ? "" : $"cluster of {cluster.Silos} silo(s), ")}{workers} worker(s): {stepsPerSecond:N0} {work.Replace('_', ' ')}/s, {candidatesPerSecond:N0} candidate evaluations/s ({stepsPerSecond / single.Value:0.00}x of 1 worker), engine overhead {overhead:P1}, {bytes:N0} bytes per generation"));
                }
            }
            finally
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
        return ExitCodes.Ok;
    }

    /// <summary>Work per second, candidate evaluations per second, time-weighted overhead and mean traffic over all generations but the first.</summary>
    private static (string Work, double PerSecond, double CandidatesPerSecond, double Overhead, double Bytes) Summarise(string metrics)
    {
        double work = 0, candidates = 0, seconds = 0, overheadSeconds = 0, bytes = 0;
        var lines = File.ReadAllLines(metrics).Skip(1).ToArray();
        string name = "env_steps";
        foreach (var line in lines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            // The work metric is the one with a total_ twin (env_steps, samples).
            name = json.EnumerateObject().Select(p => p.Name).First(n => n.StartsWith("total_", StringComparison.Ordinal))["total_".Length..];
            double w = json.GetProperty(name).GetDouble();
            double rate = json.GetProperty(name + "_per_second").GetDouble();
            double genSeconds = rate > 0 ? w / rate : 0;
            work += w;
            candidates += json.GetProperty("candidates").GetDouble();
            seconds += genSeconds;
            overheadSeconds += json.GetProperty("engine_overhead").GetDouble() * genSeconds;
            bytes += json.GetProperty("bytes_sent").GetDouble() + json.GetProperty("bytes_received").GetDouble();
        }
        return (name, work / seconds, candidates / seconds, overheadSeconds / seconds, bytes / lines.Length);
    }
}
