using Sandbox.Evolution.Runs;
using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

/// <summary>Command lines that used to fail late (after the run), with a stack of lines, or with exit 1: now one line, exit 2, nothing written.</summary>
public sealed class CommandLineRefusalTests
{
    private static readonly string[] Quick = ["--generations", "1", "--population", "8", "--episodes", "1", "--workers", "0"];

    private static void AssertRefused(CliProcess.Outcome outcome, string mentions, string work)
    {
        Assert.True(outcome.ExitCode == 2, $"exit {outcome.ExitCode}: {outcome.Stderr}");
        Assert.True(outcome.StderrLines.Length == 1, outcome.Stderr);
        Assert.StartsWith("error: ", outcome.StderrLines[0]);
        Assert.Contains(mentions, outcome.StderrLines[0]);
        Assert.False(Directory.Exists(Path.Combine(work, "runs")), "a run directory was left behind");
    }

    [Theory]
    [InlineData("", "--out is empty")]
    [InlineData("afile/x.policy", "a parent is a file")]
    [InlineData("missing/x.policy", "does not exist")]
    public void An_out_path_that_cannot_be_written_is_refused_before_the_run(string outPath, string mentions)
    {
        string work = CliProcess.NewWorkingDirectory();
        File.WriteAllText(Path.Combine(work, "afile"), "");
        AssertRefused(CliProcess.Run(work, ["evolve", .. Quick, "--out", outPath]), mentions, work);
    }

    [Fact]
    public void An_out_path_on_a_read_only_file_system_is_refused_before_the_run()
    {
        // /proc takes no new files, whoever asks (root included).
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, ["evolve", .. Quick, "--out", "/proc/sandbox-test.policy"]), "cannot be written", work);
    }

    [Fact]
    public void A_render_target_that_cannot_be_written_is_refused_before_the_replay()
    {
        string work = CliProcess.NewWorkingDirectory();
        string policy = Path.Combine(CliProcess.RepoRoot, "policies", "cartpole-mask.policy");
        AssertRefused(CliProcess.Run(work, "replay", policy, "--episodes", "1", "--render", "/proc/sandbox-test.gif"), "--render", work);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("line\nbreak")]
    public void A_run_name_that_is_not_one_directory_under_runs_is_refused(string name)
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, ["evolve", .. Quick, "--name", name]), "--name", work);
    }

    [Theory]
    [InlineData("\\u000a", "replay", "two\nlines.policy")]
    [InlineData("empty path", "replay", "")]
    [InlineData("not a regular file", "replay", "/dev/zero")]
    [InlineData("\\u000a", "evolve", "--resume", "two\nlines")]
    [InlineData("\\u000a", "evolve", "--config", "two\nlines.json")]
    [InlineData("\\u000a", "rollout", "CartPole-v1", "--policy", "no\nsuch")]
    public void Paths_and_names_from_the_command_line_are_echoed_on_one_line(string mentions, params string[] args)
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, args), mentions, work);
    }

    [Fact]
    public void A_run_name_too_long_for_a_path_is_refused()
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, ["evolve", .. Quick, "--name", new string('n', 300)]), "--name", work);
    }

    [Theory]
    [InlineData("--worker-timeout", "0", "worker timeout")]
    [InlineData("--worker-timeout", "-1", "worker timeout")]
    [InlineData("--worker-timeout", "NaN", "worker timeout")]
    [InlineData("--worker-timeout", "1e308", "worker timeout")]
    [InlineData("--worker-timeout", "Infinity", "worker timeout")]
    [InlineData("--time-limit", "1e308", "time limit")]
    public void Timeouts_and_limits_out_of_range_are_refused_without_a_run_directory(string option, string value, string mentions)
    {
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, ["evolve", "--generations", "1", "--population", "8", "--workers", "1", option, value]), mentions, work);
    }

    [Fact]
    public void A_parse_error_listing_alternatives_stays_on_one_line()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, "noise", "--distribution", "foo");
        AssertRefused(outcome, "foo", work);
        Assert.Contains("Gaussian", outcome.StderrLines[0]);
    }

    [Fact]
    public void An_unknown_command_is_named()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, "frobnicate");
        AssertRefused(outcome, "frobnicate", work);
        Assert.Contains("'sandbox --help'", outcome.StderrLines[0]);
    }

    [Fact]
    public void In_process_evaluation_uses_the_requested_device()
    {
        // This build links the CPU-only libtorch: honouring --device cuda with --workers 0 means refusing it.
        string work = CliProcess.NewWorkingDirectory();
        AssertRefused(CliProcess.Run(work, ["evolve", .. Quick, "--device", "cuda"]), "CPU-only", work);
    }

    [Fact]
    public void The_version_is_the_one_artifacts_record()
    {
        var outcome = CliProcess.Run(CliProcess.NewWorkingDirectory(), "--version");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(EvolutionRun.Producer, "Sandbox " + outcome.Stdout.Trim().Split('+')[0]);
    }

    [Fact]
    public void The_largest_seed_runs()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, ["evolve", "--generations", "1", "--population", "8", "--workers", "0", "--seed", ulong.MaxValue.ToString(), "--episodes", "2", "--name", "seed"]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
    }
}
