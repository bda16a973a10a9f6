namespace Sandbox.Cli.Charts;

/// <summary>
/// Learning curves of one or several runs on one chart (PNG): fitness or accuracy against generation, epoch
/// or wall time, read from each run's <c>metrics.jsonl</c>. Written to a temporary file and renamed, so a
/// chart on disk is always whole.
/// </summary>
public static class CurvesChart
{
    /// <summary>What a run directory's chart is called.</summary>
    public const string FileName = "curves.png";

    // First match wins: classifier evolution (minibatch accuracy, dev accuracy), other evolution runs (fitness,
    // validation), then supervised training (per-epoch accuracies).
    private static readonly string[][] DefaultMetrics =
    [
        ["accuracy", "validation"],
        ["champion", "mean", "validation"],
        ["train_accuracy", "test_accuracy", "dev_accuracy"],
    ];

    private static readonly string[] XColumns = ["generation", "epoch", "step", "cycle"];

    /// <summary>The metrics drawn by default for <paramref name="table"/>.</summary>
    public static string[] MetricsFor(MetricsTable table)
    {
        foreach (var group in DefaultMetrics)
        {
            var present = group.Where(table.Has).ToArray();
            if (table.Has(group[0]))
            {
                return present;
            }
        }
        return [];
    }

    /// <summary>The x column: <paramref name="requested"/> or the first of generation/epoch/step/cycle the runs have.</summary>
    public static string XFor(IReadOnlyList<MetricsTable> tables, string? requested)
    {
        if (requested is not null)
        {
            foreach (var t in tables.Where(t => !t.Has(requested)))
            {
                throw new InvalidDataException($"run {t.Name} has no '{requested}' column (it has: {string.Join(", ", t.Columns)})");
            }
            return requested;
        }
        return XColumns.FirstOrDefault(x => tables.All(t => t.Has(x)))
            ?? throw new InvalidDataException("the runs share no generation/epoch column; choose one with --x");
    }

    /// <summary>Draws <paramref name="metrics"/> (default per run) of every table against <paramref name="x"/> into <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<MetricsTable> tables, string path, string? x = null, IReadOnlyList<string>? metrics = null, string? title = null)
    {
        string xColumn = XFor(tables, x);
        ChartFonts.Use();
        var plot = new ScottPlot.Plot();
        bool several = tables.Count > 1;
        int drawn = 0;
        foreach (var table in tables)
        {
            var names = metrics is { Count: > 0 } ? metrics : MetricsFor(table);
            foreach (string name in names)
            {
                if (!table.Has(name))
                {
                    throw new InvalidDataException($"run {table.Name} has no '{name}' column (it has: {string.Join(", ", table.Columns)})");
                }
                var (xs, ys) = Points(table[xColumn], table[name]);
                if (xs.Length == 0)
                {
                    continue;
                }
                var series = plot.Add.Scatter(xs, ys);
                series.LegendText = several ? $"{table.Name}: {name}" : name;
                series.LineWidth = 2;
                // Sparse columns (validation only on promising generations) read better as points.
                series.MarkerSize = xs.Length < table.Rows / 2 || xs.Length < 3 ? 6 : 0;
                series.LineWidth = xs.Length < table.Rows / 2 ? 0 : 2;
                drawn++;
            }
        }
        plot.XLabel(xColumn.Replace('_', ' '));
        plot.YLabel(metrics is { Count: 1 } ? metrics[0].Replace('_', ' ') : "value");
        plot.Title(title ?? (several ? string.Join(" vs ", tables.Select(t => t.Name)) : tables[0].Name));
        if (drawn > 1)
        {
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        }
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, plot.GetImageBytes(960, 540, ScottPlot.ImageFormat.Png));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <c>curves.png</c> into a run directory from its own metrics; false (and no file) when there is nothing to draw yet.</summary>
    public static bool WriteForRun(string runDirectory)
    {
        var table = MetricsTable.Read(runDirectory);
        if (table.Rows == 0)
        {
            return false;
        }
        Write([table], Path.Combine(runDirectory, FileName));
        return true;
    }

    private static (double[] Xs, double[] Ys) Points(double[] x, double[] y)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
            {
                xs.Add(x[i]);
                ys.Add(y[i]);
            }
        }
        return (xs.ToArray(), ys.ToArray());
    }
}
