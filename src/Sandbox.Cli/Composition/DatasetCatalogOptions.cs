using Sandbox.Supervised.Datasets;

namespace Sandbox.Cli.Composition;

/// <summary>Dataset options as the command line uses them: defaults from the environment, fetch progress on stderr.</summary>
public static class DatasetCatalogOptions
{
    /// <summary>Options whose log lines go to stderr (so `--json` output stays one line on stdout).</summary>
    public static DatasetOptions ForCli() => new() { Log = new StderrLines() };

    private sealed class StderrLines : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine($"datasets: {value}");
    }
}
