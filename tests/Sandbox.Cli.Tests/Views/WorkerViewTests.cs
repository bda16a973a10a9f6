using Sandbox.Cli.Views;
using Sandbox.Engine.Workers;

namespace Sandbox.Cli.Tests.Views;

/// <summary>How the evolve views show workers: local processes in one list, cluster workers under their silo.</summary>
public sealed class WorkerViewTests
{
    private static readonly WorkerStatus[] OnCluster =
    [
        new(0, 101, WorkerState.Busy, 3, 0, "alpha"),
        new(1, 101, WorkerState.Idle, 2, 0, "alpha"),
        new(2, 202, WorkerState.Busy, 4, 0, "beta[1]"),
        new(3, 303, WorkerState.Stopped, 1, 0, "gamma"),
    ];

    private static readonly WorkerStatus[] Local = [new(0, 11, WorkerState.Busy, 1, 0), new(1, 12, WorkerState.Idle, 1, 2)];

    [Fact]
    public void The_live_view_shows_one_line_per_silo_with_the_workers_it_hosts()
    {
        var lines = LiveEvolutionView.WorkerLines(OnCluster).ToArray();

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("silo [bold]alpha[/]: ", lines[0]);
        Assert.Contains("#0 pid 101", lines[0]);
        Assert.Contains("#1 pid 101", lines[0]);
        Assert.DoesNotContain("#2", lines[0]);
        Assert.StartsWith("silo [bold]beta[[1]][/]: ", lines[1]); // a name is text, never markup
        Assert.Contains("#2 pid 202", lines[1]);
        Assert.StartsWith("silo [bold]gamma[/]: ", lines[2]);
        Assert.Contains("#3 pid 303 [grey]stopped[/]", lines[2]);
        foreach (string line in lines)
        {
            _ = new Spectre.Console.Markup(line); // throws on markup that does not parse
        }
    }

    [Fact]
    public void The_live_view_shows_local_workers_on_one_line_without_a_silo()
    {
        var lines = LiveEvolutionView.WorkerLines(Local).ToArray();

        Assert.Single(lines);
        Assert.StartsWith("workers: #0 pid 11", lines[0]);
        Assert.Contains("#1 pid 12", lines[0]);
        Assert.DoesNotContain("silo", lines[0]);
        Assert.Empty(LiveEvolutionView.WorkerLines([]));
    }

    [Fact]
    public void The_plain_view_lists_cluster_workers_under_their_silo()
    {
        Assert.Equal("silo alpha: #0 pid 101 busy, #1 pid 101 idle; silo beta[1]: #2 pid 202 busy; silo gamma: #3 pid 303 stopped",
            ReportFormat.Workers(OnCluster));
        Assert.Equal("#0 pid 11 busy, #1 pid 12 idle (2 restart(s))", ReportFormat.Workers(Local));
    }

    [Fact]
    public void The_plain_training_view_names_the_workers_by_silo_once_they_start_and_again_when_they_change()
    {
        var slots = OnCluster;
        var output = new StringWriter();
        var view = new TrackProgressView(live: false, output, "random-bases/rbd", () => slots);
        view.Show(observer =>
        {
            observer.EpochStarted(0, 2, 3);
            observer.BatchDone(1);
            slots = [.. OnCluster.Select(w => w.State == WorkerState.Stopped ? w : w with { State = WorkerState.Busy, Batches = w.Batches + 1 })]; // busy/idle and counts: no new line
            observer.BatchDone(2);
            observer.EpochFinished(new Dictionary<string, double> { ["train_loss"] = 0.5, ["test_accuracy"] = 0.9, ["train_seconds"] = 1 });
            slots = [.. OnCluster.Select(w => w.Index == 2 ? w with { ProcessId = 204, Restarts = 1 } : w)];
            observer.EpochStarted(1, 2, 3);
            observer.BatchDone(1);
            observer.EpochFinished(new Dictionary<string, double> { ["train_loss"] = 0.4, ["test_accuracy"] = 0.92, ["train_seconds"] = 2 });
            return 0;
        });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var workerLines = lines.Where(l => l.StartsWith("  workers: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, workerLines.Length);
        Assert.Contains("silo alpha: #0 pid 101", workerLines[0]);
        Assert.Contains("silo beta[1]: #2 pid 202", workerLines[0]);
        Assert.Contains("silo gamma: #3 pid 303 stopped", workerLines[0]);
        Assert.Contains("silo beta[1]: #2 pid 204 (1 restart(s))", workerLines[1]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("random-bases/rbd epoch ", StringComparison.Ordinal)));
    }
}
