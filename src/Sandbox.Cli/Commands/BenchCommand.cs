using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Core.Environments;
using Sandbox.Evolution.Benchmarks;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Control;
using Sandbox.Policies.Files;
using Sandbox.Evolution.Runs;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox bench rollout</c>: population-evaluation throughput against a naive one-at-a-time baseline.</summary>
public static class BenchCommand
{
    private static readonly Option<string> EnvOption = new("--env") { Description = "Environment id", DefaultValueFactory = _ => "CartPole-v1" };
    private static readonly Option<string> AlgoOption = new("--algo") { Description = "supermask or es (network parameterization)", DefaultValueFactory = _ => "supermask" };
    private static readonly Option<int> PopulationOption = new("--population") { Description = "Candidates per generation", DefaultValueFactory = _ => 256 };
    private static readonly Option<int> EpisodesOption = new("--episodes") { Description = "Episodes per candidate", DefaultValueFactory = _ => 5 };
    private static readonly Option<string> HiddenOption = new("--hidden") { Description = "Hidden widths, comma-separated", DefaultValueFactory = _ => "64,64" };
    private static readonly Option<string> ThreadsOption = new("--threads") { Description = "Thread counts to measure, comma-separated", DefaultValueFactory = _ => "1,2" };
    private static readonly Option<double> SecondsOption = new("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 5.0 };
    private static readonly Option<bool> NoNaiveOption = new("--no-naive") { Description = "Skip the naive baseline" };
    private static readonly Option<string> DeviceOption = new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object per measurement" };
    private static readonly Option<string?> FromOption = new("--from") { Description = "Benchmark a population around this policy (children at sigma 0.1) instead of random candidates" };

    /// <summary>Builds <c>bench</c> with its <c>rollout</c> subcommand.</summary>
    public static Command Create(EnvironmentRegistry registry, Evolution.Tasks.TaskRegistry tasks)
    {
        var rollout = new Command("rollout", "Env steps per second of batched population evaluation (policy forward included) vs a naive baseline");
        foreach (var option in new Option[] { EnvOption, AlgoOption, PopulationOption, EpisodesOption, HiddenOption, ThreadsOption, SecondsOption, NoNaiveOption, DeviceOption, JsonOption, FromOption })
        {
            rollout.Options.Add(option);
        }
        rollout.SetAction(parse => Execute(parse, registry, tasks));
        var bench = new Command("bench", "Benchmarks") { rollout, EngineBenchCommand.Create(tasks), PhysicsBenchCommand.Create(registry), ClassifierBenchCommand.Create(), NoiseBenchCommand.Create() };
        foreach (var track in TrackBenchCommand.CreateAll())
        {
            bench.Subcommands.Add(track);
        }
        return bench;
    }

    private static int Execute(ParseResult parse, EnvironmentRegistry registry, Evolution.Tasks.TaskRegistry tasks)
    {
        int[] hidden = ParseList(parse.GetValue(HiddenOption)!, "--hidden");
        int[] threads = ParseList(parse.GetValue(ThreadsOption)!, "--threads");
        double seconds = parse.GetValue(SecondsOption);
        if (!(seconds > 0))
        {
            throw new UsageException($"--seconds must be positive (got {seconds})");
        }
        var config = new RunConfig
        {
            Env = parse.GetValue(EnvOption)!,
            Algorithm = parse.GetValue(AlgoOption)!,
            Population = parse.GetValue(PopulationOption),
            Episodes = parse.GetValue(EpisodesOption),
            Policy = new PolicyConfig { Hidden = hidden },
            Device = parse.GetValue(DeviceOption)!,
        };
        var errors = config.Validate(tasks);
        if (errors.Count > 0)
        {
            throw new UsageException(errors[0]);
        }
        ComputeDevice.TryParse(config.Device, out var device);
        var model = ControlTask.CreateModel(config, registry.Get(config.Env));
        float[]? centre = null;
        string population = "random candidates (generation 0)";
        if (parse.GetValue(FromOption) is { } from)
        {
            var policy = PolicyFile.Load(from);
            var env = registry.Get(policy.EnvId);
            var (parameterization, theta) = policy.ToSearchVector();
            model = new PolicyModel(env, policy.Architecture, parameterization);
            centre = theta;
            population = $"children of {Path.GetFileName(from)} (sigma 0.1)";
        }
        var bench = new RolloutBenchmark(model, config.Population, config.Episodes, device) { Centre = centre };
        bool json = parse.GetValue(JsonOption);
        if (!json)
        {
            Console.Out.WriteLine($"{model.Environment.Id}, policy {model.Architecture.Describe()}, population {config.Population} x {config.Episodes} episodes of {population}, {Environment.ProcessorCount} cores, device {device}");
            Console.Out.WriteLine($"physics: {model.Environment.Physics}");
        }
        var results = new List<RolloutBenchmarkResult>();
        foreach (int t in threads)
        {
            results.Add(Report(bench.MeasureBatched(t, seconds), json, null));
        }
        if (!parse.GetValue(NoNaiveOption))
        {
            var naive = Report(bench.MeasureNaive(Math.Min(seconds, 3)), json, null);
            foreach (var r in results)
            {
                if (!json)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"speed-up of batched on {r.Threads} thread(s) over naive: {r.StepsPerSecond / naive.StepsPerSecond:0.0}x (per core {r.StepsPerSecondPerCore / naive.StepsPerSecond:0.0}x)"));
                }
            }
        }
        return ExitCodes.Ok;
    }

    private static RolloutBenchmarkResult Report(RolloutBenchmarkResult r, bool json, string? note)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["name"] = r.Name,
                ["threads"] = r.Threads,
                ["env_steps"] = r.EnvSteps,
                ["seconds"] = Math.Round(r.Seconds, 3),
                ["steps_per_second"] = Math.Round(r.StepsPerSecond),
                ["steps_per_second_per_core"] = Math.Round(r.StepsPerSecondPerCore),
                ["forward_share"] = Math.Round(r.ForwardShare, 3),
                ["environment_share"] = Math.Round(r.EnvironmentShare, 3),
                ["other_share"] = Math.Round(r.OtherShare, 3),
                ["environment_parts"] = r.EnvironmentParts.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3)),
            }));
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name}, {r.Threads} thread(s): {r.StepsPerSecond,12:N0} steps/s ({r.StepsPerSecondPerCore:N0} per core) over {r.EnvSteps:N0} steps; time: forward {r.ForwardShare:P0}, env {r.EnvironmentShare:P0}{EnvironmentParts(r)}, other {r.OtherShare:P0}{note}"));
        }
        return r;
    }

    /// <summary>" (Box2D step 70 %, lidar ray casts 9 %, resets, other shim calls and env rules 3 %)" for environments that profile themselves.</summary>
    private static string EnvironmentParts(RolloutBenchmarkResult r)
    {
        if (r.EnvironmentParts.Count == 0)
        {
            return "";
        }
        double rest = Math.Max(0, r.EnvironmentShare - r.EnvironmentParts.Values.Sum());
        var parts = r.EnvironmentParts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:P0}"));
        return string.Create(CultureInfo.InvariantCulture, $" ({string.Join(", ", parts)}, resets, other shim calls and env rules {rest:P0})");
    }

    /// <summary>Comma-separated positive integers of <paramref name="option"/>, or a usage error naming it.</summary>
    internal static int[] ParseList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                throw new UsageException($"{option} takes comma-separated positive integers (got {Core.Text.Quoted.Value(text)})");
            }
        }
        return values;
    }
}
