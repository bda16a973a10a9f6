using Sandbox.Engine.Workers;
using Sandbox.Evolution.Runs;

namespace Sandbox.Cli.Views;

/// <summary>One line per generation, for logs and pipes.</summary>
public sealed class PlainEvolutionView(TextWriter output) : IEvolutionView
{
    private Func<IReadOnlyList<WorkerStatus>> _workers = () => [];
    private string _lastWorkers = "";

    /// <inheritdoc />
    public RunResult Show(Func<IProgress<GenerationReport>, RunResult> body, Func<IReadOnlyList<WorkerStatus>> workers)
    {
        _workers = workers;
        return body(new SynchronousProgress<GenerationReport>(Write));
    }

    private void Write(GenerationReport r)
    {
        var o = r.Outcome;
        string validation = r.Validation is { } v ? $"  validation {ReportFormat.Metric(r.Metrics.ValidationName, v)}" : "";
        string metrics = string.Concat(ReportFormat.ShownMetrics(r.Metrics).Select(i =>
            $"  {r.Metrics.Names[i].Replace('_', ' ')} {ReportFormat.Metric(r.Metrics.Names[i], r.ChampionMetrics[i]),6}"));
        string work = ReportFormat.WorkLabel(r.Metrics.WorkName);
        output.WriteLine(
            $"gen {o.Generation + 1,4}/{r.TotalGenerations}  best {ReportFormat.Fitness(o.Best),7}  mean {ReportFormat.Fitness(o.Mean),7}  elite {ReportFormat.Fitness(o.Elite),7}{metrics}  " +
            $"{work} {ReportFormat.Count(r.TotalWork),7}  {ReportFormat.Count(r.WorkPerSecond),7} {work}/s  {ReportFormat.Elapsed(r.Elapsed)}{validation}");
        string workers = ReportFormat.Workers(_workers());
        if (workers != _lastWorkers && workers.Length > 0)
        {
            output.WriteLine($"  workers: {workers}");
            _lastWorkers = workers;
        }
        output.Flush();
    }
}
