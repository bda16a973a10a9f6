using Sandbox.Cli.Charts;
using SkiaSharp;

namespace Sandbox.Cli.Tests.Charts;

public sealed class CurvesChartTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sandbox-charts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run(string name, params string[] lines)
    {
        string directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, "metrics.jsonl"), lines);
        return directory;
    }

    private static string[] EvolutionLines(int generations, double slope) =>
        Enumerable.Range(0, generations)
            .Select(g => $"{{\"generation\":{g},\"best\":{g * slope + 1},\"mean\":{g * slope},\"champion\":{g * slope + 0.5},\"validation\":{(g % 5 == 4 ? (g * slope).ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")},\"elapsed_seconds\":{g * 0.25}}}")
            .ToArray();

    [Fact]
    public void A_run_chart_is_a_png_of_the_promised_size_and_leaves_no_temporary_file()
    {
        string run = Run("a", EvolutionLines(30, 2));

        Assert.True(CurvesChart.WriteForRun(run));

        string png = Path.Combine(run, CurvesChart.FileName);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((960, 540), (bitmap.Width, bitmap.Height));
        Assert.Equal([CurvesChart.FileName, "metrics.jsonl"], Directory.GetFiles(run).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void Default_metrics_follow_what_the_run_wrote()
    {
        var evolution = MetricsTable.Read(Run("evo", EvolutionLines(5, 1)));
        var classifier = MetricsTable.Read(Run("cls", "{\"generation\":0,\"champion\":-2.1,\"loss\":2.1,\"accuracy\":0.3,\"validation\":0.31}"));
        var training = MetricsTable.Read(Run("train", "{\"epoch\":1,\"train_accuracy\":0.9,\"test_accuracy\":0.88}"));

        Assert.Equal(["champion", "mean", "validation"], CurvesChart.MetricsFor(evolution));
        Assert.Equal(["accuracy", "validation"], CurvesChart.MetricsFor(classifier));
        Assert.Equal(["train_accuracy", "test_accuracy"], CurvesChart.MetricsFor(training));
        Assert.Equal("epoch", CurvesChart.XFor([training], null));
    }

    [Fact]
    public void Several_runs_draw_onto_one_chart_against_a_chosen_column()
    {
        var a = MetricsTable.Read(Run("a", EvolutionLines(20, 1)));
        var b = MetricsTable.Read(Run("b", EvolutionLines(25, 3)));
        string png = Path.Combine(_root, "both.png");

        CurvesChart.Write([a, b], png, x: "elapsed_seconds", metrics: ["champion"]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
    }

    [Fact]
    public void Nulls_become_gaps_and_a_torn_last_line_is_ignored()
    {
        var lines = EvolutionLines(10, 1).Append("{\"generation\":10,\"mea").ToArray();
        var table = MetricsTable.Read(Run("torn", lines));

        Assert.Equal(10, table.Rows);
        Assert.Equal(2, table["validation"].Count(double.IsFinite));
    }

    [Fact]
    public void A_damaged_line_before_the_end_and_an_unknown_column_are_refused_with_the_place()
    {
        var lines = EvolutionLines(5, 1);
        lines[2] = "not json";
        var damaged = Assert.Throws<InvalidDataException>(() => MetricsTable.Read(Run("bad", lines)));
        Assert.Contains("metrics.jsonl:3", damaged.Message);

        var table = MetricsTable.Read(Run("good", EvolutionLines(5, 1)));
        var unknown = Assert.Throws<InvalidDataException>(() => CurvesChart.Write([table], Path.Combine(_root, "x.png"), metrics: ["accuracy"]));
        Assert.Contains("'accuracy'", unknown.Message);
        Assert.False(File.Exists(Path.Combine(_root, "x.png")));
    }

    [Fact]
    public void Chart_labels_have_a_font_file_on_this_machine()
    {
        Assert.NotNull(ChartFonts.Use());
    }
}
