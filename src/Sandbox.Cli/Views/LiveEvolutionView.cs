using System.Collections.Concurrent;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandbox.Cli.Views;

/// <summary>A live terminal view: a progress bar, the latest generations, and each worker's pid and state (by silo on a cluster), refreshed a few times a second.</summary>
public sealed class LiveEvolutionView(IAnsiConsole console, string title) : IEvolutionView
{
    private const int VisibleRows = 12;
    private readonly Queue<GenerationReport> _recent = new();

    /// <inheritdoc />
    public RunResult Show(Func<IProgress<GenerationReport>, RunResult> body, Func<IReadOnlyList<WorkerStatus>> workers)
    {
        var reports = new ConcurrentQueue<GenerationReport>();
        var run = Task.Factory.StartNew(() => body(new SynchronousProgress<GenerationReport>(reports.Enqueue)), TaskCreationOptions.LongRunning);
        GenerationReport? latest = null;
        console.Live(Render(null, workers())).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(ctx =>
        {
            while (true)
            {
                bool finished = run.Wait(TimeSpan.FromMilliseconds(200));
                while (reports.TryDequeue(out var report))
                {
                    latest = report;
                    _recent.Enqueue(report);
                    while (_recent.Count > VisibleRows)
                    {
                        _recent.Dequeue();
                    }
                }
                ctx.UpdateTarget(Render(latest, workers()));
                ctx.Refresh();
                if (finished)
                {
                    break;
                }
            }
        });
        return run.GetAwaiter().GetResult();
    }

    private IRenderable Render(GenerationReport? latest, IReadOnlyList<WorkerStatus> workers)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        var layout = latest?.Metrics;
        var shown = layout is null ? [] : ReportFormat.ShownMetrics(layout);
        string work = layout is null ? "work" : ReportFormat.WorkLabel(layout.WorkName);
        foreach (var column in new[] { "gen", "best", "mean", "elite" }.Concat(shown.Select(i => layout!.Names[i]))
            .Concat([work, $"{work}/s", "elapsed", "validation"]))
        {
            table.AddColumn(new TableColumn(column.Replace('_', ' ')).RightAligned());
        }
        foreach (var r in _recent)
        {
            var o = r.Outcome;
            var cells = new List<string> { (o.Generation + 1).ToString(), ReportFormat.Fitness(o.Best), ReportFormat.Fitness(o.Mean), ReportFormat.Fitness(o.Elite) };
            cells.AddRange(shown.Select(i => ReportFormat.Metric(r.Metrics.Names[i], r.ChampionMetrics[i])));
            cells.Add(ReportFormat.Count(r.TotalWork));
            cells.Add(ReportFormat.Count(r.WorkPerSecond));
            cells.Add(ReportFormat.Elapsed(r.Elapsed));
            cells.Add(r.Validation is { } v ? (r.Solved ? $"[green]{ReportFormat.Metric(r.Metrics.ValidationName, v)}[/]" : ReportFormat.Metric(r.Metrics.ValidationName, v)) : "");
            table.AddRow(cells.ToArray());
        }
        int done = latest is null ? 0 : latest.Outcome.Generation + 1;
        int total = latest?.TotalGenerations ?? 1;
        var rows = new List<IRenderable> { Bar(done, total, latest?.Solved == true), table };
        rows.AddRange(WorkerLines(workers).Select(line => new Markup(line)));
        return new Rows(rows);
    }

    /// <summary>
    /// The workers as markup lines: one line of local worker processes, or on a cluster one line per silo (named
    /// as it was started, <c>silo --name</c>) with the workers it hosts.
    /// </summary>
    public static IEnumerable<string> WorkerLines(IReadOnlyList<WorkerStatus> workers) =>
        ReportFormat.BySilo(workers).Select(g =>
            (g.Key is null ? "workers: " : $"silo [bold]{Markup.Escape(g.Key)}[/]: ") + string.Join("  ", g.Select(Worker)));

    private static string Worker(WorkerStatus w)
    {
        string colour = w.State switch
        {
            WorkerState.Busy => "green",
            WorkerState.Restarted => "yellow",
            WorkerState.Stopped => "grey",
            _ => "blue",
        };
        string restarts = w.Restarts > 0 ? $", {w.Restarts} restart(s)" : "";
        return $"#{w.Index} pid {w.ProcessId} [{colour}]{w.State.ToString().ToLowerInvariant()}[/] ({w.Batches} batches{restarts})";
    }

    private static Markup Bar(int done, int total, bool solved)
    {
        const int Width = 40;
        int filled = total == 0 ? 0 : (int)Math.Round(Width * (double)done / total);
        string status = solved ? " [green]solved[/]" : "";
        return new Markup($"[blue]{new string('█', filled)}[/][grey]{new string('░', Width - filled)}[/] generation {done}/{total}{status}");
    }
}
