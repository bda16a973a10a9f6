using Sandbox.Evolution.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Sandbox.Cli.Views;

/// <summary>A live terminal view: the latest generations in a table under a progress bar.</summary>
public sealed class LiveEvolutionView(IAnsiConsole console, string title) : IEvolutionView
{
    private const int VisibleRows = 12;
    private readonly Queue<GenerationReport> _recent = new();

    /// <inheritdoc />
    public RunResult Show(Func<IProgress<GenerationReport>, RunResult> body)
    {
        RunResult? result = null;
        console.Live(Render(null)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(ctx =>
        {
            result = body(new SynchronousProgress<GenerationReport>(report =>
            {
                _recent.Enqueue(report);
                while (_recent.Count > VisibleRows)
                {
                    _recent.Dequeue();
                }
                ctx.UpdateTarget(Render(report));
                ctx.Refresh();
            }));
        });
        return result!;
    }

    private IRenderable Render(GenerationReport? latest)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        foreach (var column in new[] { "gen", "best", "mean", "elite", "sparsity", "env steps", "steps/s", "elapsed", "validation" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        foreach (var r in _recent)
        {
            var o = r.Outcome;
            table.AddRow(
                (o.Generation + 1).ToString(),
                ReportFormat.Return(o.Best),
                ReportFormat.Return(o.Mean),
                ReportFormat.Return(o.Elite),
                ReportFormat.Percent(o.ChampionSparsity),
                ReportFormat.Count(r.TotalEnvSteps),
                ReportFormat.Count(r.StepsPerSecond),
                ReportFormat.Elapsed(r.Elapsed),
                r.Validation is { } v ? (r.Solved ? $"[green]{ReportFormat.Return(v)}[/]" : ReportFormat.Return(v)) : "");
        }
        int done = latest is null ? 0 : latest.Outcome.Generation + 1;
        int total = latest?.TotalGenerations ?? 1;
        return new Rows(Bar(done, total, latest?.Solved == true), table);
    }

    private static Markup Bar(int done, int total, bool solved)
    {
        const int Width = 40;
        int filled = total == 0 ? 0 : (int)Math.Round(Width * (double)done / total);
        string status = solved ? " [green]solved[/]" : "";
        return new Markup($"[blue]{new string('█', filled)}[/][grey]{new string('░', Width - filled)}[/] generation {done}/{total}{status}");
    }
}
