using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Spectre.Console;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench &lt;track&gt; --throughput</c>: the track's inner-loop rates (ours and the naive form, one run) as a
/// table beside the reference figures; rows appended to runs/bench/&lt;track&gt;-throughput.jsonl.
/// </summary>
public static class TrackThroughput
{
    /// <summary>Measures and prints; exit code.</summary>
    public static int Execute(ParseResult parse, ITrack track, IThroughputTrack measured, TrackOptions options, int[] batches, double seconds)
    {
        if (!(seconds > 0))
        {
            throw new UsageException($"--seconds must be positive (got {seconds.ToString(CultureInfo.InvariantCulture)})");
        }
        var preset = options.Resolve(parse, track);
        bool json = parse.GetValue(options.Json);
        var status = json ? Console.Error : Console.Out;
        var dataset = DatasetCatalog.Default.Load(preset.Dataset, options.DatasetOptions(parse));
        status.WriteLine($"bench {track.Name} --throughput on {dataset.Name}: batches {string.Join(", ", batches)}, {preset.Threads} thread(s), {Environment.ProcessorCount} cores");
        var rows = measured.MeasureThroughput(preset, dataset, batches, seconds, line => status.WriteLine("  " + line));
        var lines = new StringBuilder();
        foreach (var row in rows)
        {
            var record = new Dictionary<string, object?>
            {
                ["track"] = track.Name,
                ["dataset"] = dataset.Name,
                ["architecture"] = preset.Architecture,
                ["method"] = row.Method,
                ["batch_size"] = row.BatchSize,
                ["unit"] = row.Unit,
                ["per_second"] = Math.Round(row.PerSecond, 4),
                ["detail"] = row.Detail,
                ["reference"] = row.Reference,
                ["threads"] = preset.Threads,
                ["processors"] = Environment.ProcessorCount,
                ["time_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            string line = JsonSerializer.Serialize(record, TrackConfig.CompactJson);
            lines.Append(line).Append('\n');
            if (json)
            {
                Console.Out.WriteLine(line);
            }
        }
        string directory = Path.Combine(SandboxPaths.Runs, "bench");
        Directory.CreateDirectory(directory);
        File.AppendAllText(Path.Combine(directory, $"{track.Name}-throughput.jsonl"), lines.ToString());
        if (!json)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string c in new[] { "method", "batch", "rate", "per layer", "reference" })
            {
                table.AddColumn(c);
            }
            foreach (var row in rows)
            {
                table.AddRow([.. new[] { row.Method, row.BatchSize.ToString(CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{row.PerSecond:0.00} {row.Unit}"), row.Detail, row.Reference }.Select(Markup.Escape)]);
            }
            var console = AnsiConsole.Console;
            if (Console.IsOutputRedirected)
            {
                console.Profile.Width = 240;
            }
            console.Write(table);
            status.WriteLine($"appended {rows.Count} rows to runs/bench/{track.Name}-throughput.jsonl");
        }
        return ExitCodes.Ok;
    }
}
