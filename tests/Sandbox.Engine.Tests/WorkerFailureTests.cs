using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Runs;
using Sandbox.Tests.Shared;

namespace Sandbox.Engine.Tests;

/// <summary>A failure that repeats on fresh workers stops the run with the worker's own error instead of restarting forever.</summary>
public sealed class WorkerFailureTests
{
    // This build links the CPU-only libtorch, so every worker fails its first batch on a CUDA device.
    [Fact]
    public void A_batch_failing_the_same_way_on_fresh_workers_stops_the_run_with_the_workers_error_and_a_checkpoint()
    {
        string directory = EngineFixture.NewRunDirectory();
        var config = EngineFixture.SmallConfig() with { Device = "cuda" };
        var failure = Assert.Throws<EvaluationFailedException>(() => EngineFixture.Run(config, workers: 2, directory: directory));
        Assert.True(failure.BadInput, failure.Message);
        Assert.Contains("CPU-only", failure.Message);
        Assert.Contains("3 fresh workers", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        // The checkpoint of the last completed generation (none here) is written, so the run can be resumed.
        Assert.Equal(0, CheckpointStore.Load(directory).Generation);
        string log = File.ReadAllText(Path.Combine(directory, "engine.log"));
        // Bounded: failed batches are retried first, so some batch reaches three failures within three rounds of the two workers.
        int restarts = log.Split('\n').Count(l => l.Contains("replaced (restart"));
        Assert.InRange(restarts, 3, 2 * 3);
        // The worker's own stderr reaches the engine log at Warning.
        Assert.Contains(log.Split('\n'), l => l.Contains("Warning") && l.Contains("(pid") && l.Contains("CPU-only"));
    }

    [Fact]
    public void Workers_that_never_start_stop_the_run_with_their_own_error_after_the_start_attempts()
    {
        // A "worker" that reports bad input the way the program does and exits 2, every time.
        var broken = new Sandbox.Engine.Workers.WorkerCommand("bash", ["-c", "echo 'error: no such accelerator here' >&2; exit 2", "worker-stand-in"]);
        var settings = new Dictionary<string, string?> { ["Engine:Workers"] = "1" };
        var failure = Assert.Throws<EvaluationFailedException>(() => Hosting.EvolutionHost.Run(
            new Hosting.EvolutionRequest { Config = EngineFixture.SmallConfig(), RunDirectory = EngineFixture.NewRunDirectory() },
            settings, EngineFixture.Tasks, new Hosting.RunObserver(null), broken));
        Assert.True(failure.BadInput);
        Assert.StartsWith("no such accelerator here", failure.Message);
        Assert.Contains("failed to start 5 times", failure.Message);
    }

    [Fact]
    public void A_batch_timeout_shorter_than_a_worker_start_does_not_fail_the_start()
    {
        // A worker that takes 8 s to come up (a slow disk, a loaded machine) under a 4 s batch timeout (the hang
        // test's): start-up has its own timeout, so the run goes through without a single restart.
        string cli = Path.Combine(AppContext.BaseDirectory, "Sandbox.Cli.dll");
        var slow = new Sandbox.Engine.Workers.WorkerCommand("bash", ["-c", $"sleep 8; exec dotnet '{cli}' \"$@\"", "slow-worker"]);
        string directory = EngineFixture.NewRunDirectory();
        var settings = new Dictionary<string, string?> { ["Engine:Workers"] = "1", ["Engine:WorkerTimeoutSeconds"] = "4" };
        var config = EngineFixture.SmallConfig() with { Generations = 2 };
        Hosting.EvolutionHost.Run(new Hosting.EvolutionRequest { Config = config, RunDirectory = directory }, settings, EngineFixture.Tasks,
            new Hosting.RunObserver(null), slow);
        var metrics = File.ReadAllLines(Path.Combine(directory, "metrics.jsonl"));
        Assert.Equal(2, metrics.Length);
        Assert.Equal(0, metrics.Sum(l => EngineFixture.Field(l, "worker_restarts")));
        Assert.DoesNotContain("did not answer", File.ReadAllText(Path.Combine(directory, "engine.log")));
    }

    [Fact]
    public void The_cli_reports_a_repeating_worker_failure_as_one_line_with_the_workers_error_and_exit_code_2()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, "evolve", "--device", "cuda", "--workers", "1", "--generations", "2", "--population", "8",
            "--episodes", "1", "--name", "cuda");
        Assert.Equal(2, outcome.ExitCode);
        var lines = outcome.StderrLines;
        Assert.True(lines.Length == 1, outcome.Stderr);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains("CPU-only", lines[0]);
        Assert.True(File.Exists(Path.Combine(work, "runs", "cuda", CheckpointStore.FileName)));
    }

    [Fact]
    public void A_worker_whose_engine_is_killed_exits_without_waiting_for_its_input()
    {
        // A stand-in engine (bash) starts a worker whose stdin stays open (the test's pipe), then is SIGKILLed.
        string cli = Path.Combine(AppContext.BaseDirectory, "Sandbox.Cli.dll");
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec 3<&0; dotnet '{cli}' worker --token t <&3 2>/dev/null & echo $!; wait");
        using var engine = System.Diagnostics.Process.Start(start)!;
        int worker = int.Parse(engine.StandardOutput.ReadLine()!);
        try
        {
            Thread.Sleep(TimeSpan.FromSeconds(3)); // let the worker start and wait for its hello
            Assert.True(IsRunning(worker), "the worker ended before its engine did");
            engine.Kill();
            engine.WaitForExit();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (IsRunning(worker) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(50);
            }
            Assert.False(IsRunning(worker), "the orphaned worker still runs");
        }
        finally
        {
            if (IsRunning(worker))
            {
                System.Diagnostics.Process.GetProcessById(worker).Kill();
            }
        }
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        try
        {
            string text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
