using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench physics</c>: steady-state env steps per second of each Box2D build side by side
/// (Debian's and the fast one), with the split of time and Gymnasium's figure for the same machine.
/// Only one build can be loaded per process, so each is measured by a child <c>sandbox rollout</c>,
/// one after the other (never at the same time), on the same episodes; their digests must agree.
/// </summary>
public static class PhysicsBenchCommand
{
    /// <summary>
    /// Gymnasium's <c>env.step</c> with random actions, steps per second on one core of this project's
    /// machine, as measured for issue 14 (Gymnasium cannot be installed here, so these are quoted).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (double StepsPerSecond, double Target)> Gymnasium =
        new Dictionary<string, (double, double)>
        {
            ["LunarLander-v3"] = (36_600, 1.3),
            ["BipedalWalker-v3"] = (6_300, 3.0),
        };

    private static readonly Option<string> EnvOption = new("--env") { Description = "Environment ids, comma-separated", DefaultValueFactory = _ => "LunarLander-v3,BipedalWalker-v3" };
    private static readonly Option<string> PolicyOption = new("--policy") { Description = "random, zero or heuristic", DefaultValueFactory = _ => "random" };
    private static readonly Option<int> EpisodesOption = new("--episodes") { Description = "Measured episodes per build (seeds S..S+N-1)", DefaultValueFactory = _ => 3000 };
    private static readonly Option<int> WarmupOption = new("--warmup") { Description = "Untimed warm-up episodes first", DefaultValueFactory = _ => 100 };
    private static readonly Option<long> SeedOption = new("--seed") { Description = "First seed", DefaultValueFactory = _ => 0 };
    private static readonly Option<string> BuildsOption = new("--builds") { Description = "Box2D builds to measure, comma-separated (debian, fast)", DefaultValueFactory = _ => "debian,fast" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object per environment and build" };

    /// <summary>Builds the subcommand.</summary>
    public static Command Create(EnvironmentRegistry registry)
    {
        var command = new Command("physics", "Steady-state env steps/s of Debian's and the fast Box2D build side by side, with the split of time (one process per build, one after the other)");
        foreach (var option in new Option[] { EnvOption, PolicyOption, EpisodesOption, WarmupOption, SeedOption, BuildsOption, JsonOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Execute(parse, registry));
        return command;
    }

    private static int Execute(ParseResult parse, EnvironmentRegistry registry)
    {
        string[] envs = Split(parse.GetValue(EnvOption)!);
        foreach (string env in envs)
        {
            _ = registry.Get(env);
        }
        string[] builds = Split(parse.GetValue(BuildsOption)!).Select(b => b.ToLowerInvariant()).ToArray();
        foreach (string b in builds)
        {
            if (b is not (Box2DBuild.DebianName or Box2DBuild.FastName))
            {
                throw new UsageException($"--builds takes debian and/or fast (got '{b}')");
            }
        }
        if (builds.Contains(Box2DBuild.FastName) && !File.Exists(Path.Combine(Box2DBuild.LibraryDirectory, Box2DBuild.FastLibrary)))
        {
            throw new UsageException($"there is no fast Box2D build ({Box2DBuild.FastLibrary} is not in {Box2DBuild.LibraryDirectory}); run scripts/setup-box2d.sh, or pass --builds debian");
        }
        int episodes = parse.GetValue(EpisodesOption), warmup = parse.GetValue(WarmupOption);
        if (episodes is < 1 or > 100_000 || warmup is < 0 or > 100_000)
        {
            throw new UsageException($"--episodes must be 1..100000 and --warmup 0..100000 (got {episodes}, {warmup})");
        }
        string policy = parse.GetValue(PolicyOption)!;
        long seed = parse.GetValue(SeedOption);
        bool json = parse.GetValue(JsonOption);
        int status = ExitCodes.Ok;
        foreach (string env in envs)
        {
            if (!json)
            {
                Console.Out.WriteLine($"{env}, {policy} actions, {episodes:N0} episodes (seeds {seed}..) after {warmup} warm-up episodes, one lane, one process per build, {Environment.ProcessorCount} cores");
            }
            var rows = new List<(string Build, JsonElement Result)>();
            foreach (string build in builds)
            {
                var (exit, stdout, stderr) = RunChild(build,
                    ["rollout", env, "--policy", policy, "--episodes", $"{episodes}", "--seed", $"{seed}", "--warmup", $"{warmup}", "--lanes", "1", "--digest", "--json"]);
                if (exit != 0)
                {
                    Console.Error.WriteLine($"error: the {build} build's rollout of {env} failed: {stderr.Trim().Split('\n')[0]}");
                    return exit;
                }
                var result = JsonDocument.Parse(stdout).RootElement.Clone();
                rows.Add((build, result));
                Report(env, build, result, rows[0].Result, json);
            }
            bool same = rows.All(r => r.Result.GetProperty("digest").GetString() == rows[0].Result.GetProperty("digest").GetString());
            if (!json)
            {
                Console.Out.WriteLine(rows.Count > 1
                    ? $"  same returns, lengths and per-step digests in every build: {(same ? "yes" : "NO")}"
                    : "");
            }
            if (!same)
            {
                status = ExitCodes.Failure;
            }
        }
        return status;
    }

    private static void Report(string env, string build, JsonElement r, JsonElement first, bool json)
    {
        double envSteps = r.GetProperty("env_steps_per_second").GetDouble();
        double withPolicy = r.GetProperty("steps_per_second").GetDouble();
        double baseline = first.GetProperty("env_steps_per_second").GetDouble();
        var split = r.GetProperty("time_split").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        bool quoted = Gymnasium.TryGetValue(env, out var gym);
        if (json)
        {
            var row = new Dictionary<string, object>
            {
                ["env"] = env,
                ["build"] = build,
                ["physics"] = r.GetProperty("physics").GetString()!,
                ["steps"] = r.GetProperty("steps").GetInt64(),
                ["env_steps_per_second"] = envSteps,
                ["steps_per_second"] = withPolicy,
                ["time_split"] = split,
                ["digest"] = r.GetProperty("digest").GetString()!,
            };
            if (quoted)
            {
                row["gymnasium_steps_per_second"] = gym.StepsPerSecond;
                row["ratio_to_gymnasium"] = Math.Round(envSteps / gym.StepsPerSecond, 2);
                row["target_ratio"] = gym.Target;
            }
            Console.Out.WriteLine(JsonSerializer.Serialize(row));
            return;
        }
        string versus = quoted
            ? string.Create(CultureInfo.InvariantCulture, $", {envSteps / gym.StepsPerSecond:0.00}x Gymnasium's env.step ({gym.StepsPerSecond:N0}; target {gym.Target:0.0}x)")
            : "";
        string speedUp = build == Box2DBuild.DebianName ? "" : string.Create(CultureInfo.InvariantCulture, $", {envSteps / baseline:0.00}x the first build");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {build,-6} {envSteps,10:N0} env steps/s{versus}{speedUp}; {withPolicy:N0} steps/s with policy and resets"));
        Console.Out.WriteLine($"         time: {RolloutCommand.DescribeSplit(split)}");
    }

    /// <summary>Runs this CLI again with <c>SANDBOX_BOX2D=<paramref name="build"/></c>.</summary>
    private static (int Exit, string Stdout, string Stderr) RunChild(string build, string[] args)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PhysicsBenchCommand).Assembly.Location);
        }
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment[Box2DBuild.EnvironmentVariable] = build;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
