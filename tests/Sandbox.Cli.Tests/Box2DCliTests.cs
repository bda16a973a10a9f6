using System.Text.Json;

using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

/// <summary>The Box2D environments through the CLI: shipped policies, rollouts, mismatches, determinism across processes.</summary>
public sealed class Box2DCliTests
{
    [Theory]
    [InlineData("lunarlander-mask.policy", "LunarLander-v3")]
    [InlineData("lunarlander-continuous-mask.policy", "LunarLanderContinuous-v3")]
    public void Shipped_lunar_lander_policies_replay_above_200(string file, string env)
    {
        var replay = CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", Path.Combine(CliProcess.RepoRoot, "policies", file), "--episodes", "100", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var json = JsonDocument.Parse(replay.Stdout).RootElement;
        Assert.Equal(env, json.GetProperty("env").GetString());
        Assert.True(json.GetProperty("mean_return").GetDouble() >= 200, replay.Stdout[..200]);
    }

    [Fact]
    public void Shipped_bipedal_walker_policy_replays_at_least_300_over_100_episodes_from_seed_123()
    {
        var replay = CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", Path.Combine(CliProcess.RepoRoot, "policies", "bipedalwalker-es-linear.policy"),
            "--episodes", "100", "--seed", "123", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var json = JsonDocument.Parse(replay.Stdout).RootElement;
        Assert.Equal("BipedalWalker-v3", json.GetProperty("env").GetString());
        Assert.True(json.GetProperty("mean_return").GetDouble() >= 300, replay.Stdout[..Math.Min(200, replay.Stdout.Length)]);
    }

    [Fact]
    public void A_policy_for_one_environment_given_to_another_is_one_clear_error()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, "replay", Path.Combine(CliProcess.RepoRoot, "policies", "lunarlander-mask.policy"), "--env", "CartPole-v1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.StderrLines);
        Assert.Contains("does not fit CartPole-v1", outcome.Stderr);
        var continuous = CliProcess.Run(work, "replay", Path.Combine(CliProcess.RepoRoot, "policies", "lunarlander-continuous-mask.policy"), "--env", "LunarLander-v3");
        Assert.Equal(2, continuous.ExitCode);
        Assert.Contains("does not fit LunarLander-v3", continuous.Stderr);
    }

    [Fact]
    public void A_policy_replays_on_a_registered_variant_of_its_environment()
    {
        var outcome = CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", Path.Combine(CliProcess.RepoRoot, "policies", "lunarlander-mask.policy"),
            "--env", "LunarLander-v3-wind", "--episodes", "5", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("LunarLander-v3-wind", JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("env").GetString());
    }

    [Fact]
    public void Heuristic_rollouts_are_identical_in_two_processes()
    {
        string work = CliProcess.NewWorkingDirectory();
        string[] args = ["rollout", "LunarLanderContinuous-v3", "--policy", "heuristic", "--episodes", "8", "--seed", "40", "--json"];
        var first = CliProcess.Run(work, args);
        var second = CliProcess.Run(work, args);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var a = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("returns").GetRawText();
        var b = JsonDocument.Parse(second.Stdout).RootElement.GetProperty("returns").GetRawText();
        Assert.Equal(a, b);
        var walker = CliProcess.Run(work, "rollout", "BipedalWalker-v3", "--policy", "zero", "--episodes", "2", "--json");
        Assert.True(walker.ExitCode == 0, walker.Stderr);
        var json = JsonDocument.Parse(walker.Stdout).RootElement;
        foreach (var key in new[] { "env", "policy", "episodes", "mean_return", "std_return", "mean_length", "terminated_fraction", "steps_per_second" })
        {
            Assert.True(json.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void Lander_replay_renders_a_gif()
    {
        string work = CliProcess.NewWorkingDirectory();
        string gif = Path.Combine(work, "lander.gif");
        var outcome = CliProcess.Run(work, "replay", Path.Combine(CliProcess.RepoRoot, "policies", "lunarlander-mask.policy"), "--episodes", "1", "--render", gif);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(gif)[..6]));
        Assert.Contains("rendered", outcome.Stderr);
    }
}
