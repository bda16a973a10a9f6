using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Core.Environments;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox rollout</c>: run a built-in reference policy (random, zero, heuristic) and print return and length statistics.</summary>
public static class RolloutCommand
{
    private static readonly Argument<string> EnvArgument = new("env") { Description = "Environment id" };
    private static readonly Option<string> PolicyOption = new("--policy") { Description = "random, zero or heuristic", DefaultValueFactory = _ => "random" };
    private static readonly Option<int> EpisodesOption = new("--episodes") { Description = "Episodes (seeds S..S+N-1)", DefaultValueFactory = _ => 10 };
    private static readonly Option<long> SeedOption = new("--seed") { Description = "First seed", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON object" };
    private static readonly Option<int> WarmupOption = new("--warmup") { Description = "Untimed warm-up episodes first (other seeds), so steps/s is the steady state", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> LanesOption = new("--lanes") { Description = "Episodes in flight at once (results do not depend on it)", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> MaxStepsOption = new("--max-steps") { Description = "Stop episodes after this many steps (0: the environment's time limit)", DefaultValueFactory = _ => 0 };
    private static readonly Option<bool> DigestOption = new("--digest") { Description = "Hash every observation and reward bit (JSON: digests, digest)" };

    /// <summary>Builds the command.</summary>
    public static Command Create(EnvironmentRegistry registry)
    {
        var command = new Command("rollout", "Run a reference policy (random, zero, heuristic) and print return and length statistics");
        command.Arguments.Add(EnvArgument);
        foreach (var option in new Option[] { PolicyOption, EpisodesOption, SeedOption, JsonOption, WarmupOption, LanesOption, MaxStepsOption, DigestOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            var spec = registry.Get(parse.GetValue(EnvArgument)!);
            string name = parse.GetValue(PolicyOption)!;
            if (!Enum.TryParse<ReferencePolicy>(name, ignoreCase: true, out var policy) || !Enum.IsDefined(policy))
            {
                throw new UsageException($"--policy must be random, zero or heuristic (got {Core.Text.Quoted.Value(name)})");
            }
            if (policy == ReferencePolicy.Heuristic && spec.Heuristic is null)
            {
                throw new UsageException($"{spec.Id} has no heuristic; use --policy random or zero");
            }
            int episodes = parse.GetValue(EpisodesOption);
            long seed = parse.GetValue(SeedOption);
            if (episodes is < 1 or > 100_000 || seed < 0)
            {
                throw new UsageException($"--episodes must be between 1 and 100000 and --seed non-negative (got {episodes}, {seed})");
            }
            var options = new ReferenceRolloutOptions
            {
                WarmupEpisodes = parse.GetValue(WarmupOption),
                Lanes = parse.GetValue(LanesOption),
                MaxSteps = parse.GetValue(MaxStepsOption),
                Digest = parse.GetValue(DigestOption),
            };
            if (options.WarmupEpisodes is < 0 or > 100_000 || options.Lanes is < 1 or > 100_000 || options.MaxSteps < 0)
            {
                throw new UsageException($"--warmup must be 0..100000, --lanes 1..100000 and --max-steps non-negative (got {options.WarmupEpisodes}, {options.Lanes}, {options.MaxSteps})");
            }
            var stats = ReferenceRollout.Run(spec, policy, episodes, seed, options);
            string policyName = policy.ToString().ToLowerInvariant();
            if (parse.GetValue(JsonOption))
            {
                var json = new Dictionary<string, object>
                {
                    ["env"] = spec.Id,
                    ["policy"] = policyName,
                    ["episodes"] = episodes,
                    ["seed"] = seed,
                    ["physics"] = spec.Physics,
                    ["mean_return"] = stats.MeanReturn,
                    ["std_return"] = stats.StdReturn,
                    ["mean_length"] = stats.MeanLength,
                    ["terminated_fraction"] = stats.TerminatedFraction,
                    ["warmup_episodes"] = options.WarmupEpisodes,
                    ["steps"] = stats.TotalSteps,
                    ["steps_per_second"] = Math.Round(stats.StepsPerSecond),
                    ["env_steps_per_second"] = Math.Round(stats.EnvStepsPerSecond),
                    ["time_split"] = TimeSplit(stats).ToDictionary(p => p.Key, p => Math.Round(p.Value, 4)),
                    ["returns"] = stats.Returns,
                    ["lengths"] = stats.Lengths,
                };
                if (stats.Digests is { } digests)
                {
                    json["digests"] = digests.Select(d => d.ToString("x16", CultureInfo.InvariantCulture)).ToArray();
                    json["digest"] = RolloutDigest.Of(stats);
                }
                Console.Out.WriteLine(JsonSerializer.Serialize(json));
                return ExitCodes.Ok;
            }
            for (int e = 0; e < episodes; e++)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"episode {e + 1,4}  seed {seed + e,6}  return {stats.Returns[e],9:0.00}  length {stats.Lengths[e],5}  {(stats.Terminated[e] ? "terminated" : "truncated")}"));
            }
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec.Id} {policyName}: mean return {stats.MeanReturn:0.00} ± {stats.StdReturn:0.00}, mean length {stats.MeanLength:0.0}, terminated {stats.TerminatedFraction:P0}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"steady state (after {options.WarmupEpisodes} warm-up episodes): {stats.EnvStepsPerSecond:N0} env steps/s in env.Step, {stats.StepsPerSecond:N0} steps/s with policy and resets; time: {DescribeSplit(TimeSplit(stats))}; physics: {spec.Physics}"));
            if (stats.Digests is not null)
            {
                Console.Out.WriteLine($"digest {RolloutDigest.Of(stats)}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Shares of the reported episodes' playing time: the environment's profiled parts (Box2D step,
    /// lidar ray casts), the rest of its step ("env rules and bindings": our own code), the policy, and resets.
    /// </summary>
    internal static Dictionary<string, double> TimeSplit(RolloutStatistics stats)
    {
        double total = Math.Max(stats.LoopSeconds, 1e-12);
        var split = new Dictionary<string, double>();
        double inStep = 0;
        foreach (var (name, seconds) in stats.Parts)
        {
            if (name != ReferenceRollout.PolicyPart)
            {
                split[name] = seconds / total;
                inStep += seconds;
            }
        }
        split["env rules and bindings"] = Math.Max(0, stats.StepSeconds - inStep) / total;
        split[ReferenceRollout.PolicyPart] = stats.Parts.TryGetValue(ReferenceRollout.PolicyPart, out double p) ? p / total : 0;
        split["resets"] = stats.ResetSeconds / total;
        return split;
    }

    /// <summary>"Box2D step 71 %, lidar ray casts 9 %, …".</summary>
    internal static string DescribeSplit(Dictionary<string, double> split) =>
        string.Join(", ", split.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:P0}")));
}
