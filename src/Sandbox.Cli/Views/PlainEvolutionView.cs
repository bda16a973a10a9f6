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
        string validation = r.Validation is { } v ? $"  validation {ReportFormat.Return(v)}" : "";
        output.WriteLine(
            $"gen {o.Generation + 1,4}/{r.TotalGenerations}  best {ReportFormat.Return(o.Best),7}  mean {ReportFormat.Return(o.Mean),7}  elite {ReportFormat.Return(o.Elite),7}  " +
            $"sparsity {ReportFormat.Percent(o.ChampionSparsity),6}  steps {ReportFormat.Count(r.TotalEnvSteps),7}  {ReportFormat.Count(r.StepsPerSecond),7} steps/s  {ReportFormat.Elapsed(r.Elapsed)}{validation}");
        string workers = ReportFormat.Workers(_workers());
        if (workers != _lastWorkers && workers.Length > 0)
        {
            output.WriteLine($"  workers: {workers}");
            _lastWorkers = workers;
        }
        output.Flush();
    }
}
