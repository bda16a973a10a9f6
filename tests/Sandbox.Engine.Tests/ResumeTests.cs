using System.Diagnostics;
using Sandbox.Tests.Shared;

namespace Sandbox.Engine.Tests;

/// <summary>SIGINT to a real `sandbox evolve --workers 2`, then --resume: the final policy is byte-identical.</summary>
public sealed class ResumeTests
{
    private static Process StartCli(string workingDirectory, params string[] args) => CliProcess.Start(workingDirectory, args);

    // Run the suite in the foreground (as .ci/run does): a non-interactive shell starts `cmd &` with SIGINT ignored,
    // the CLI inherits that (as it should: a background job must not die on Ctrl+C) and this test then fails.
    [Fact]
    public void Interrupted_by_sigint_and_resumed_equals_uninterrupted()
    {
        string work = Path.Combine(Path.GetTempPath(), "sandbox-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        string config = Path.Combine(work, "small.json");
        // Generations long enough (48 candidates × 4 episodes) that a loaded machine cannot finish the run between
        // the poll that sees generation 4 and the signal; 16 × 2 finished all of them there.
        File.WriteAllText(config, """
            { "env": "CartPole-v1", "algorithm": "es", "seed": 5, "generations": 40, "population": 48, "episodes": 4,
              "policy": { "hidden": [16] }, "evaluation": { "validation_episodes": 4, "stop_at_target": false }, "checkpoint_every": 3 }
            """);

        using (var straight = StartCli(work, "evolve", "--config", config, "--name", "straight", "--workers", "2", "--json"))
        {
            straight.StandardOutput.ReadToEnd();
            Assert.True(straight.WaitForExit(300_000));
            Assert.Equal(0, straight.ExitCode);
        }

        string metrics = Path.Combine(work, "runs", "stopped", "metrics.jsonl");
        using (var stopped = StartCli(work, "evolve", "--config", config, "--name", "stopped", "--workers", "2", "--json"))
        {
            var clock = Stopwatch.StartNew();
            while ((!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 4) && !stopped.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                Thread.Sleep(20);
            }
            Assert.False(stopped.HasExited, "the run ended before it could be interrupted");
            Process.Start("kill", ["-INT", stopped.Id.ToString()])!.WaitForExit();
            stopped.StandardOutput.ReadToEnd();
            Assert.True(stopped.WaitForExit(300_000));
            Assert.Equal(130, stopped.ExitCode);
        }
        int done = File.ReadAllLines(metrics).Length;
        Assert.InRange(done, 4, 39);

        using (var resumed = StartCli(work, "evolve", "--resume", Path.Combine(work, "runs", "stopped"), "--workers", "1", "--json"))
        {
            string stdout = resumed.StandardOutput.ReadToEnd();
            Assert.True(resumed.WaitForExit(300_000));
            Assert.True(resumed.ExitCode == 0, stdout + resumed.StandardError.ReadToEnd());
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(work, "runs", "straight", "policy.policy")),
            File.ReadAllBytes(Path.Combine(work, "runs", "stopped", "policy.policy")));
        Assert.Equal(File.ReadAllLines(Path.Combine(work, "runs", "straight", "metrics.jsonl")).Select(EngineFixture.ResultFields),
            File.ReadAllLines(metrics).Select(EngineFixture.ResultFields));
    }
}
