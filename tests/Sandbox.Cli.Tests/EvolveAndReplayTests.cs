using System.Text.Json;

using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

public sealed class EvolveAndReplayTests
{
    private static JsonElement LastJsonLine(string stdout) =>
        JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

    [Theory]
    [InlineData(null)]
    [InlineData("configs/cartpole-es.json")]
    public void Evolve_then_replay_solves_cartpole(string? config)
    {
        string work = CliProcess.NewWorkingDirectory();
        var args = new List<string> { "evolve", "--json", "--name", "run" };
        if (config is not null)
        {
            args.AddRange(["--config", Path.Combine(CliProcess.RepoRoot, config)]);
        }
        var evolve = CliProcess.Run(work, [.. args]);
        Assert.True(evolve.ExitCode == 0, evolve.Stderr);
        var summary = LastJsonLine(evolve.Stdout);
        Assert.True(summary.GetProperty("solved").GetBoolean(), evolve.Stderr);
        string policy = summary.GetProperty("policy").GetString()!;
        Assert.True(File.Exists(Path.Combine(work, "runs", "run", "metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(work, "runs", "run", "config.json")));
        Assert.Contains("./sandbox replay", evolve.Stderr);

        var replay = CliProcess.Run(work, "replay", policy, "--episodes", "100", "--seed", "123", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        var r = LastJsonLine(replay.Stdout);
        Assert.Equal("CartPole-v1", r.GetProperty("env").GetString());
        Assert.Equal(100, r.GetProperty("returns").GetArrayLength());
        Assert.True(r.GetProperty("mean_return").GetDouble() >= 475, replay.Stdout);
        Assert.True(r.TryGetProperty("std_return", out _));
        Assert.True(r.TryGetProperty("sparsity", out _));
        Assert.True(r.GetProperty("parameters").GetInt32() > 0);
    }

    [Fact]
    public void Shipped_cartpole_policy_replays_above_the_threshold()
    {
        string policy = Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy");
        Assert.True(new FileInfo(policy).Length < 2048, "a CartPole supermask policy file is under 2 KB");
        var replay = CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", policy, "--episodes", "100", "--json");
        Assert.True(replay.ExitCode == 0, replay.Stderr);
        Assert.True(JsonDocument.Parse(replay.Stdout).RootElement.GetProperty("mean_return").GetDouble() >= 475, replay.Stdout);
    }

    [Fact]
    public void Replay_prints_each_episode_and_the_summary()
    {
        string policy = Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy");
        var replay = CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", policy, "--episodes", "7", "--seed", "5");
        Assert.Equal(0, replay.ExitCode);
        var lines = replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Count(l => l.StartsWith("episode")));
        Assert.Contains(lines, l => l.StartsWith("mean return") && l.Contains("±"));
    }

    [Fact]
    public void Envs_lists_cartpole_with_its_limits()
    {
        var envs = CliProcess.Run(CliProcess.NewWorkingDirectory(), "envs", "--json");
        Assert.Equal(0, envs.ExitCode);
        var cartpole = envs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("id").GetString() == "CartPole-v1");
        Assert.Equal(500, cartpole.GetProperty("max_episode_steps").GetInt32());
        Assert.Equal(475, cartpole.GetProperty("reward_threshold").GetDouble());
        Assert.Equal("Discrete(2)", cartpole.GetProperty("action_space").GetString());
    }

    [Fact]
    public void Perturbations_are_the_same_bytes_in_separate_processes()
    {
        string work = CliProcess.NewWorkingDirectory();
        string[] args = ["noise", "--seed", "77", "--generation", "5", "--member", "12", "--start", "1000003", "--count", "500000"];
        var first = CliProcess.Run(work, args);
        var second = CliProcess.Run(work, args);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        string inProcess = Commands.NoiseCommand.Digest(new Core.Perturbations.NoiseKey(77, 3, 5, 12), 1000003, 500000, Core.Perturbations.NoiseDistribution.Gaussian);
        Assert.Equal(inProcess, first.Stdout.Trim());
        var other = CliProcess.Run(work, "noise", "--seed", "78", "--generation", "5", "--member", "12", "--start", "1000003", "--count", "500000");
        Assert.NotEqual(first.Stdout, other.Stdout);
    }

    [Fact]
    public void A_descriptor_with_several_terms_a_slice_and_sparse_changes_regenerates_the_same_bytes_in_another_process()
    {
        string work = CliProcess.NewWorkingDirectory();
        string terms = "3:4:7:0.25;8:4:9:-1.5:Uniform;3:5:1:0.5:Rademacher";
        string[] args = ["noise", "--seed", "41", "--count", "300011", "--terms", terms, "--slice", "1000:250007", "--sparse", "5:0.75,299999:-2"];
        var child = CliProcess.Run(work, args);
        Assert.Equal(0, child.ExitCode);
        var descriptor = Commands.NoiseCommand.ParseDescriptor(41, terms, "1000:250007", "5:0.75,299999:-2");
        Assert.Equal(3, descriptor.Terms.Length);
        Assert.Equal(2, descriptor.Sparse.Length);
        Assert.Equal(Commands.NoiseCommand.Digest(descriptor, 300011), child.Stdout.Trim());
        // Each part matters: dropping the sparse changes or moving the slice gives other bytes.
        Assert.NotEqual(child.Stdout.Trim(), Commands.NoiseCommand.Digest(Commands.NoiseCommand.ParseDescriptor(41, terms, "1000:250007", null), 300011));
        Assert.NotEqual(child.Stdout.Trim(), Commands.NoiseCommand.Digest(Commands.NoiseCommand.ParseDescriptor(41, terms, "1001:250007", "5:0.75,299999:-2"), 300011));
    }
}

public sealed class RolloutTests
{
    [Fact]
    public void Rollout_reports_statistics_for_reference_policies()
    {
        string work = CliProcess.NewWorkingDirectory();
        foreach (var policy in new[] { "random", "zero" })
        {
            var outcome = CliProcess.Run(work, "rollout", "CartPole-v1", "--policy", policy, "--episodes", "20", "--seed", "0", "--json");
            Assert.True(outcome.ExitCode == 0, outcome.Stderr);
            var json = System.Text.Json.JsonDocument.Parse(outcome.Stdout).RootElement;
            Assert.Equal(policy, json.GetProperty("policy").GetString());
            Assert.Equal(20, json.GetProperty("episodes").GetInt32());
            Assert.InRange(json.GetProperty("mean_return").GetDouble(), 8, 100); // a pole falls fast without control
            Assert.Equal(1.0, json.GetProperty("terminated_fraction").GetDouble());
            Assert.True(json.GetProperty("steps_per_second").GetDouble() > 0);
            Assert.Equal(json.GetProperty("mean_return").GetDouble(), json.GetProperty("mean_length").GetDouble());
        }
        var heuristic = CliProcess.Run(work, "rollout", "CartPole-v1", "--policy", "heuristic");
        Assert.Equal(2, heuristic.ExitCode);
        Assert.Contains("no heuristic", heuristic.Stderr);
    }
}
