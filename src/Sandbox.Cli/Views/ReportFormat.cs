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

    /// <summary>Elapsed time as m:ss.s.</summary>
    public static string Elapsed(TimeSpan t) =>
        $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 100}";
}
