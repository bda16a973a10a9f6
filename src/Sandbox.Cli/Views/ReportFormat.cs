using System.Globalization;

namespace Sandbox.Cli.Views;

/// <summary>Number formats shared by the views.</summary>
public static class ReportFormat
{
    /// <summary>A return with one decimal.</summary>
    public static string Return(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators, or M/k suffixes when large.</summary>
    public static string Count(double v) => v switch
    {
        >= 10_000_000 => (v / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",
        >= 100_000 => (v / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("#,0", CultureInfo.InvariantCulture),
    };

    /// <summary>A fraction as a percentage.</summary>
    public static string Percent(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Worker slots in one line: <c>#0 pid 123 busy, #1 pid 124 idle (1 restart)</c>.</summary>
    public static string Workers(IReadOnlyList<Sandbox.Engine.Workers.WorkerStatus> workers) =>
        string.Join(", ", workers.Select(w => $"#{w.Index} pid {w.ProcessId} {w.State.ToString().ToLowerInvariant()}{(w.Restarts > 0 ? $" ({w.Restarts} restart(s))" : "")}"));

    /// <summary>Elapsed time as m:ss.s.</summary>
    public static string Elapsed(TimeSpan t) =>
        $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 100}";
}
