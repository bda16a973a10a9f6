using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Runs;
using Sandbox.Tests.Shared;

namespace Sandbox.Engine.Tests;

/// <summary>Stopping a run: mid-generation it ends with the last completed generation checkpointed; before the first one it is an interruption.</summary>
public sealed class CancellationTests
{
    [Fact]
    public void Cancelling_mid_generation_stops_a_worker_stuck_in_a_batch_and_checkpoints_the_last_completed_generation()
    {
        string directory = EngineFixture.NewRunDirectory();
        var config = EngineFixture.SmallConfig() with { Generations = 5, CheckpointEvery = 0 };
        // One worker, one batch per generation: its second batch (generation 1) never finishes on its own
        // (the timeout is far longer than the test), so only cancellation can end that generation.
        var options = new EngineOptions { Workers = 1, BatchesPerWorker = 1, WorkerTimeoutSeconds = 3600, TestFault = "hang:2" };
        WorkerPool? pool = null;
        using var cancel = new CancellationTokenSource();
        int workerPid = 0;
        RunResult result;
        using (var run = new EvolutionRun(config, EngineFixture.Tasks, directory, (task, _) => pool = new WorkerPool(options, EngineFixture.Worker, NullLogger.Instance, task)))
        {
            var progress = new SynchronousProgress(report =>
            {
                if (report.Outcome.Generation == 0)
                {
                    workerPid = pool!.Statuses[0].ProcessId;
                    cancel.CancelAfter(TimeSpan.FromSeconds(1));
                }
            });
            result = run.Run(progress, cancel.Token);
        }
        Assert.True(result.Interrupted);
        Assert.Equal(1, result.Generations);
        Assert.Equal(1, CheckpointStore.Load(directory).Generation);
        Assert.Single(File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")));
        Assert.True(File.Exists(result.ArtifactPath));
        // The worker that was stuck in the abandoned batch is gone with the run.
        Assert.NotEqual(0, workerPid);
        Assert.True(HasExited(workerPid), $"worker pid {workerPid} still runs");
    }

    [Fact]
    public void In_process_evaluation_uses_the_configured_threads()
    {
        var config = EngineFixture.SmallConfig() with { Generations = 1, Evaluation = EngineFixture.SmallConfig().Evaluation with { Threads = 3 } };
        var run = EngineFixture.Run(config, workers: 0);
        Assert.Equal(0, EngineFixture.Field(run.Metrics[0], "workers"));
        Assert.Equal(3, EngineFixture.Field(run.Metrics[0], "parallelism"));
    }

    [Fact]
    public void A_time_limit_reached_before_the_first_generation_ends_is_an_interruption_not_a_crash()
    {
        string work = CliProcess.NewWorkingDirectory();
        // 0.0005 minutes (30 ms) runs out while the worker is still starting.
        var outcome = CliProcess.Run(work, "evolve", "--workers", "1", "--time-limit", "0.0005", "--generations", "3", "--name", "short");
        Assert.Equal(130, outcome.ExitCode);
        Assert.True(outcome.StderrLines.Length == 1, outcome.Stderr);
        Assert.StartsWith("stopped: ", outcome.StderrLines[0]);
        Assert.False(Directory.Exists(Path.Combine(work, "runs", "short")), "a run that evaluated nothing left its directory behind");
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    private sealed class SynchronousProgress(Action<GenerationReport> report) : IProgress<GenerationReport>
    {
        public void Report(GenerationReport value) => report(value);
    }
}
