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

    /// <summary>Builds the command.</summary>
    public static Command Create(EnvironmentRegistry registry)
    {
        var command = new Command("rollout", "Run a reference policy (random, zero, heuristic) and print return and length statistics");
        command.Arguments.Add(EnvArgument);
        foreach (var option in new Option[] { PolicyOption, EpisodesOption, SeedOption, JsonOption })
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
            var stats = ReferenceRollout.Run(spec, policy, episodes, seed);
            string policyName = policy.ToString().ToLowerInvariant();
            if (parse.GetValue(JsonOption))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["env"] = spec.Id,
                    ["policy"] = policyName,
                    ["episodes"] = episodes,
                    ["seed"] = seed,
                    ["mean_return"] = stats.MeanReturn,
                    ["std_return"] = stats.StdReturn,
                    ["mean_length"] = stats.MeanLength,
                    ["terminated_fraction"] = stats.TerminatedFraction,
                    ["steps_per_second"] = Math.Round(stats.StepsPerSecond),
                    ["returns"] = stats.Returns,
                }));
                return ExitCodes.Ok;
            }
            for (int e = 0; e < episodes; e++)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"episode {e + 1,4}  seed {seed + e,6}  return {stats.Returns[e],9:0.00}  length {stats.Lengths[e],5}  {(stats.Terminated[e] ? "terminated" : "truncated")}"));
            }
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec.Id} {policyName}: mean return {stats.MeanReturn:0.00} ± {stats.StdReturn:0.00}, mean length {stats.MeanLength:0.0}, terminated {stats.TerminatedFraction:P0}, {stats.StepsPerSecond:N0} steps/s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
