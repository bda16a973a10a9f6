using System.CommandLine;
using Sandbox.Cli.Charts;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox plot</c>: one or several runs' learning curves on one chart.</summary>
public static class PlotCommand
{
    private static readonly Argument<string[]> RunsArgument = new("runs") { Description = "Run directories (each holds metrics.jsonl)", Arity = ArgumentArity.OneOrMore };
    private static readonly Option<string[]> MetricOption = new("--metric") { Description = "Column(s) to draw (default: champion, mean and validation for evolution; accuracies for training)", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string?> XOption = new("--x") { Description = "Column for the x axis: generation, epoch, elapsed_seconds, total_env_steps, … (default: generation or epoch)" };
    private static readonly Option<string?> OutOption = new("--out") { Description = "PNG to write (default: curves.png in the first run for one run, else runs/plot.png)" };
    private static readonly Option<string?> TitleOption = new("--title") { Description = "Chart title" };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("plot", "Draw learning curves of one or several runs (metrics.jsonl) on one PNG chart");
        command.Arguments.Add(RunsArgument);
        foreach (var option in new Option[] { MetricOption, XOption, OutOption, TitleOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        string[] runs = parse.GetValue(RunsArgument)!;
        var tables = new List<MetricsTable>();
        foreach (string run in runs)
        {
            try
            {
                tables.Add(MetricsTable.Read(run));
            }
            catch (InvalidDataException e)
            {
                throw new UsageException(e.Message);
            }
        }
        if (tables.All(t => t.Rows == 0))
        {
            throw new UsageException($"nothing to draw: {string.Join(", ", runs)} hold(s) no metrics lines yet");
        }
        string output = parse.GetValue(OutOption)
            ?? (runs.Length == 1 && Directory.Exists(runs[0]) ? Path.Combine(runs[0], CurvesChart.FileName) : Path.Combine(SandboxPaths.Runs, "plot.png"));
        var metrics = parse.GetValue(MetricOption) ?? [];
        try
        {
            CurvesChart.Write(tables, output, parse.GetValue(XOption), metrics.Length > 0 ? metrics : null, parse.GetValue(TitleOption));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        Console.Out.WriteLine($"chart: {Path.GetRelativePath(Directory.GetCurrentDirectory(), output)} ({tables.Count} run(s), x = {CurvesChart.XFor(tables, parse.GetValue(XOption))})");
        return ExitCodes.Ok;
    }
}
