using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

/// <summary>Bad input: one clear line on stderr, exit code 2, nothing written or overwritten.</summary>
public sealed class BadInputTests
{
    private static void AssertOneLineError(CliProcess.Outcome outcome, string mentions)
    {
        Assert.Equal(2, outcome.ExitCode);
        var lines = outcome.StderrLines;
        Assert.True(lines.Length == 1, $"expected one line, got:\n{outcome.Stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(mentions, lines[0]);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [Fact]
    public void Unknown_environment_id()
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertOneLineError(CliProcess.Run(work, "evolve", "--env", "CartPole-v9"), "CartPole-v9");
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }

    [Fact]
    public void Negative_population_overwrites_nothing()
    {
        string work = CliProcess.NewWorkingDirectory();
        string existing = Path.Combine(work, "keep.policy");
        File.WriteAllText(existing, "precious");
        AssertOneLineError(CliProcess.Run(work, "evolve", "--population", "-3", "--out", existing), "population");
        Assert.Equal("precious", File.ReadAllText(existing));
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }

    [Theory]
    [InlineData("{ \"population\": 16, }x", "malformed JSON")]
    [InlineData("{ \"populaton\": 16 }", "unknown key")]
    [InlineData("{ \"episodes\": true }", "wrong value type")]
    public void Malformed_or_unknown_config(string json, string what)
    {
        string work = CliProcess.NewWorkingDirectory();
        string config = Path.Combine(work, "bad.json");
        File.WriteAllText(config, json);
        AssertOneLineError(CliProcess.Run(work, "evolve", "--config", config), what);
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }

    [Fact]
    public void Missing_config_file()
    {
        AssertOneLineError(CliProcess.Run(CliProcess.NewWorkingDirectory(), "evolve", "--config", "nope.json"), "nope.json");
    }

    [Fact]
    public void Missing_policy_file()
    {
        AssertOneLineError(CliProcess.Run(CliProcess.NewWorkingDirectory(), "replay", "missing.policy"), "missing.policy");
    }

    [Fact]
    public void Corrupt_and_foreign_policy_files()
    {
        string work = CliProcess.NewWorkingDirectory();
        var bytes = File.ReadAllBytes(Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy"));
        bytes[bytes.Length / 2] ^= 0x10;
        string corrupt = Path.Combine(work, "corrupt.policy");
        File.WriteAllBytes(corrupt, bytes);
        AssertOneLineError(CliProcess.Run(work, "replay", corrupt), "corrupted");
        string truncated = Path.Combine(work, "short.policy");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 40)]);
        AssertOneLineError(CliProcess.Run(work, "replay", truncated), "truncated");
        string foreign = Path.Combine(work, "config.policy");
        File.Copy(Path.Combine(CliProcess.RepoRoot, "configs", "cartpole-mask.json"), foreign);
        AssertOneLineError(CliProcess.Run(work, "replay", foreign), "not a Sandbox policy file");
    }

    [Fact]
    public void Unknown_options_and_bad_values()
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertOneLineError(CliProcess.Run(work, "evolve", "--popluation", "3"), "--popluation");
        AssertOneLineError(CliProcess.Run(work, "evolve", "--seed", "minus-one"), "minus-one");
        AssertOneLineError(CliProcess.Run(work, "replay", Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy"), "--episodes", "0"), "--episodes");
        AssertOneLineError(CliProcess.Run(work, "evolve", "--device", "tpu"), "device");
    }

    [Fact]
    public void Unknown_dataset()
    {
        string work = CliProcess.NewWorkingDirectory();
        string config = Path.Combine(work, "svhn.json");
        File.WriteAllText(config, """{ "task": "classification", "algorithm": "es", "classification": { "dataset": "svhn" } }""");
        AssertOneLineError(CliProcess.Run(work, "evolve", "--config", config), "svhn");
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }

    [Fact]
    public void A_dataset_that_cannot_be_fetched_names_what_is_needed_and_writes_nothing()
    {
        string work = CliProcess.NewWorkingDirectory();
        string config = Path.Combine(work, "cifar.json");
        string empty = Path.Combine(work, "no-cifar-here");
        Directory.CreateDirectory(empty);
        File.WriteAllText(config, $$"""{ "task": "classification", "algorithm": "es", "policy": { "hidden": [8] }, "classification": { "dataset": "cifar10", "data_directory": "{{empty}}" } }""");
        var outcome = CliProcess.Run(work, "evolve", "--config", config);
        AssertOneLineError(outcome, "CIFAR-10");
        Assert.Contains("no-cifar-here", outcome.Stderr);
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }

    [Fact]
    public void A_classifier_given_to_replay_and_a_policy_given_to_eval_are_refused()
    {
        string work = CliProcess.NewWorkingDirectory();
        string model = Path.Combine(work, "tiny.model");
        File.WriteAllBytes(model, Core.Files.FileEnvelope.Wrap(Core.Files.FileKind.Classifier, [0x90]));
        AssertOneLineError(CliProcess.Run(work, "replay", model), "sandbox eval");
        AssertOneLineError(CliProcess.Run(work, "eval", Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy")), "sandbox replay");
        Assert.Equal(["tiny.model"], Directory.GetFileSystemEntries(work).Select(Path.GetFileName));
    }
}
