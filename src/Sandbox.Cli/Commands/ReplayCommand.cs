using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Cli.Rendering;
using Sandbox.Core.Environments;
using Sandbox.Core.Rendering;
using Sandbox.Evolution.Control;
using Sandbox.Policies.Files;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox replay</c>: play a saved policy and report its returns.</summary>
public static class ReplayCommand
{
    private static readonly Argument<string> PolicyArgument = new("policy") { Description = "Policy file (.policy)" };
    private static readonly Option<int> EpisodesOption = new("--episodes") { Description = "Episodes to play", DefaultValueFactory = _ => 100 };
    private static readonly Option<long> SeedOption = new("--seed") { Description = "Seed of the first episode (then seed+1, ...)", DefaultValueFactory = _ => 123 };
    private static readonly Option<string?> EnvOption = new("--env") { Description = "Replay on another registered environment id (e.g. a wind variant)" };
    private static readonly Option<string> DeviceOption = new("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "Print one JSON object instead of the episode list" };
    private static readonly Option<string?> RenderOption = new("--render") { Description = "Draw the first episode (seed --seed) into an animation: .gif or .mp4" };
    private static readonly Option<string?> RenderFramesOption = new("--render-frames") { Description = "Write the first episode's frames as PNGs into this directory" };

    /// <summary>Builds the command.</summary>
    public static Command Create(EnvironmentRegistry registry)
    {
        var command = new Command("replay", "Play a saved policy and print each episode's return, the mean and the standard deviation");
        command.Arguments.Add(PolicyArgument);
        foreach (var option in new Option[] { EpisodesOption, SeedOption, EnvOption, DeviceOption, JsonOption, RenderOption, RenderFramesOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Execute(parse, registry));
        return command;
    }

    private static void RenderFirstEpisode(Policies.Policy policy, EnvironmentSpec env, long seed, ComputeDevice device, string? animation, string? framesDirectory)
    {
        string directory = framesDirectory ?? Path.Combine(Path.GetTempPath(), $"sandbox-frames-{Environment.ProcessId}");
        try
        {
            using (var recorder = new FrameRecorder(directory))
            {
                var episode = PolicyReplay.Run(policy, env, 1, seed, device, recorder);
                Console.Error.WriteLine($"rendered {recorder.Count} frames of episode seed {seed} (return {episode.MeanReturn:0.00})");
                if (animation is not null)
                {
                    AnimationEncoder.Encode(Path.Combine(directory, "frame-%06d.png"), 50, animation);
                    Console.Error.WriteLine($"animation: {animation} ({new FileInfo(animation).Length / 1024} KB)");
                }
            }
        }
        finally
        {
            if (framesDirectory is null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static int Execute(ParseResult parse, EnvironmentRegistry registry)
    {
        string path = parse.GetValue(PolicyArgument)!;
        int episodes = parse.GetValue(EpisodesOption);
        long seed = parse.GetValue(SeedOption);
        if (episodes is < 1 or > 100_000)
        {
            throw new UsageException($"--episodes must be between 1 and 100000 (got {episodes})");
        }
        if (seed < 0)
        {
            throw new UsageException($"--seed must be non-negative (got {seed})");
        }
        if (!ComputeDevice.TryParse(parse.GetValue(DeviceOption)!, out var device))
        {
            throw new UsageException($"--device must be cpu, cuda or cuda:N (got {Core.Text.Quoted.Value(parse.GetValue(DeviceOption))})");
        }
        var policy = PolicyFile.Load(path);
        string envId = parse.GetValue(EnvOption) ?? policy.EnvId;
        var env = registry.Get(envId);
        if (PolicyReplay.Incompatibility(policy, env) is { } reason)
        {
            throw new UsageException($"cannot replay {Core.Text.Quoted.Value(path)} on {env.Id}: {reason}");
        }

        string? render = parse.GetValue(RenderOption);
        string? framesDirectory = parse.GetValue(RenderFramesOption);
        if (render is not null)
        {
            AnimationEncoder.Validate(render);
            OutputPaths.CheckWritable("--render", render, "episode.gif");
        }
        if ((render is not null || framesDirectory is not null) && env.CreateVector(1) is var probe && probe is not IRenderableEnvironment)
        {
            probe.Dispose();
            throw new UsageException($"{env.Id} cannot be rendered");
        }

        var result = PolicyReplay.Run(policy, env, episodes, seed, device);
        if (render is not null || framesDirectory is not null)
        {
            RenderFirstEpisode(policy, env, seed, device, render, framesDirectory);
        }
        double mean = result.MeanReturn;
        double variance = 0;
        foreach (double r in result.Returns)
        {
            variance += (r - mean) * (r - mean);
        }
        double std = Math.Sqrt(variance / result.Returns.Length);

        if (parse.GetValue(JsonOption))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["env"] = env.Id,
                ["policy"] = path,
                ["episodes"] = episodes,
                ["seed"] = seed,
                ["mean_return"] = mean,
                ["std_return"] = std,
                ["returns"] = result.Returns,
                ["mean_length"] = result.Lengths.Average(),
                ["sparsity"] = policy.Sparsity,
                ["parameters"] = policy.Architecture.ParameterCount,
                ["active_parameters"] = policy.EffectiveParameters,
                ["solved"] = mean >= env.RewardThreshold,
            }));
            return ExitCodes.Ok;
        }

        Console.Out.WriteLine($"{env.Id}: {policy.Family.ToString().ToLowerInvariant()} policy {policy.Architecture.Describe()}, sparsity {policy.Sparsity:P1} ({policy.EffectiveParameters:N0} of {policy.Architecture.ParameterCount:N0} parameters active)");
        for (int e = 0; e < episodes; e++)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"episode {e + 1,4}  seed {seed + e,6}  return {result.Returns[e],9:0.00}  length {result.Lengths[e],5}"));
        }
        string verdict = mean >= env.RewardThreshold ? "solved" : "not solved";
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean return {mean:0.00} ± {std:0.00} over {episodes} episodes (threshold {env.RewardThreshold:0.#}: {verdict})"));
        return ExitCodes.Ok;
    }
}
