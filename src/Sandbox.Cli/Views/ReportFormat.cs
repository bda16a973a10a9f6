using System.Globalization;
using Sandbox.Engine.Workers;

namespace Sandbox.Cli.Views;

/// <summary>Number formats shared by the views.</summary>
public static class ReportFormat
{
    /// <summary>A return with one decimal.</summary>
    public static string Return(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A fitness: one decimal when large (returns), four significant digits when small (minus a loss, an accuracy).</summary>
    public static string Fitness(double v) => Math.Abs(v) >= 10 ? Return(v) : v.ToString("0.0###", CultureInfo.InvariantCulture);

    /// <summary>A metric value in the form its name suggests: percentages for fractions, counts for lengths.</summary>
    public static string Metric(string name, double v) => name switch
    {
        "sparsity" or "accuracy" => Percent(v),
        "return" or "length" => Return(v),
        _ => Fitness(v),
    };

    /// <summary>The metrics a view shows for the champion: all but the work metric, in the task's order.</summary>
    public static int[] ShownMetrics(Sandbox.Evolution.Tasks.MetricLayout layout) =>
        Enumerable.Range(0, layout.Names.Length).Where(i => i != layout.Work).ToArray();

    /// <summary>A short column label for the work metric (<c>env_steps</c> → <c>steps</c>).</summary>
    public static string WorkLabel(string work) => work == "env_steps" ? "steps" : work.Replace('_', ' ');

    /// <summary>A count with thousands separators, or M/k suffixes when large.</summary>
    public static string Count(double v) => v switch
    {
        >= 10_000_000 => (v / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
        >= 100_000 => (v / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("#,0", CultureInfo.InvariantCulture),
    };

    /// <summary>A fraction as a percentage.</summary>
    public static string Percent(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Worker slots in one line: <c>#0 pid 123 busy, #1 pid 124 idle (1 restart(s))</c>; on a cluster grouped by silo,
    /// <c>silo a: #0 pid 123 busy, #1 pid 123 idle; silo b: #2 pid 456 stopped</c>.
    /// </summary>
    public static string Workers(IReadOnlyList<WorkerStatus> workers) =>
        string.Join("; ", BySilo(workers).Select(g => (g.Key is null ? "" : $"silo {g.Key}: ") + string.Join(", ", g.Select(w =>
            $"#{w.Index} pid {w.ProcessId} {w.State.ToString().ToLowerInvariant()}{(w.Restarts > 0 ? $" ({w.Restarts} restart(s))" : "")}"))));

    /// <summary>
    /// Where the workers run, without the busy/idle state that changes with every batch: <c>silo a: #0 pid 123,
    /// #1 pid 123; silo b: #2 pid 456 stopped (1 restart(s))</c>.
    /// </summary>
    public static string Placement(IReadOnlyList<WorkerStatus> workers) =>
        string.Join("; ", BySilo(workers).Select(g => (g.Key is null ? "" : $"silo {g.Key}: ") + string.Join(", ", g.Select(w =>
            $"#{w.Index} pid {w.ProcessId}{(w.State == WorkerState.Stopped ? " stopped" : "")}{(w.Restarts > 0 ? $" ({w.Restarts} restart(s))" : "")}"))));

    /// <summary>
    /// Worker slots grouped by the silo they run on, silos in the order the run met them; local worker processes
    /// are one group with a null key.
    /// </summary>
    public static IEnumerable<IGrouping<string?, WorkerStatus>> BySilo(IReadOnlyList<WorkerStatus> workers) => workers.GroupBy(w => w.Silo);

    /// <summary>Elapsed time as m:ss.s.</summary>
    public static string Elapsed(TimeSpan t) =>
        $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 100}";
}
