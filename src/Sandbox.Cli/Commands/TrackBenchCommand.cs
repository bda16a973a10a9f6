using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Cli.Diagnostics;
using Sandbox.Cli.Rendering;
using Sandbox.Cli.Views;
using Sandbox.Engine.Hosting;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.HybridEs;
using Spectre.Console;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench &lt;track&gt;</c>: the track's comparison (its sweep, each row one or more seeds) as a table
/// beside the paper's numbers; rows appended to runs/bench/&lt;track&gt;.jsonl, accuracy per epoch in runs/bench/&lt;track&gt;.png.
/// </summary>
public static class TrackBenchCommand
{
    /// <summary>One <c>bench</c> subcommand per track.</summary>
    public static IEnumerable<Command> CreateAll() => TrackRegistry.All.Select(Create);

    private static Command Create(ITrack track)
    {
        var options = new TrackOptions();
        var sweep = new Option<string>("--sweep") { Description = $"Which comparison: {string.Join(", ", track.Sweeps)}", DefaultValueFactory = _ => track.Sweeps[0] };
        var command = new Command(track.Name, $"Benchmark {track.Name} against its paper: {track.Description}");
        options.AddTo(command);
        command.Options.Add(sweep);
        // Only Hybrid-ES's sweeps have rows with parallel parts (random-bases shards are an rbd-only setting that
        // the other rows of its sweeps refuse).
        if (track is HybridEsTrack)
        {
            command.Options.Add(WorkersOption);
            command.Options.Add(WorkerTimeoutOption);
        }
        if (track is IThroughputTrack measured)
        {
            var throughput = new Option<bool>("--throughput") { Description = "Measure the inner loop's throughput (ours against the naive form, same run) instead of training" };
            var batches = new Option<string>("--batches") { Description = "Batch sizes of --throughput, comma-separated", DefaultValueFactory = _ => "5000,1000" };
            var seconds = new Option<double>("--seconds") { Description = "Seconds per --throughput measurement", DefaultValueFactory = _ => 3.0 };
            command.Options.Add(throughput);
            command.Options.Add(batches);
            command.Options.Add(seconds);
            command.SetAction(parse => parse.GetValue(throughput)
                ? TrackThroughput.Execute(parse, track, measured, options, BenchCommand.ParseList(parse.GetValue(batches)!, "--batches"), parse.GetValue(seconds))
                : Execute(parse, track, options, parse.GetValue(sweep)!));
            return command;
        }
        command.SetAction(parse => Execute(parse, track, options, parse.GetValue(sweep)!));
        return command;
    }

    private static readonly Option<int?> WorkersOption = new("--workers")
    {
        Description = "Run the trials of the sweep's search rows on N engine worker processes (0: the same protocol in this process); the other rows run in this process",
    };
    private static readonly Option<double?> WorkerTimeoutOption = new("--worker-timeout") { Description = "With --workers: seconds a worker may take for a batch before it is replaced" };

    // Workers: engine worker processes that ran the row's parallel parts (null: all in this process).
    private sealed record RowResult(BenchRow Row, List<TrackRunResult> Runs, List<long?> Peaks, int? Workers);

    private static int Execute(ParseResult parse, ITrack track, TrackOptions options, string sweep)
    {
        if (!track.Sweeps.Contains(sweep))
        {
            throw new UsageException($"--sweep must be one of {string.Join(", ", track.Sweeps)} (got '{sweep}')");
        }
        var preset = options.Resolve(parse, track);
        var rows = track.Sweep(preset, sweep);
        foreach (var config in rows.SelectMany(r => r.Runs))
        {
            var problems = track.Validate(config);
            if (problems.Count > 0)
            {
                throw new TrackConfigException($"invalid {track.Name} configuration in the sweep: {problems[0]}");
            }
        }
        // Only the runs that have parallel parts go to the workers (Hybrid-ES's BGD reference row has none).
        int? workers = parse.GetValue(WorkersOption);
        TrackWorkers.CheckTimeout(parse.GetValue(WorkerTimeoutOption), workers is not null);
        var observer = new RunObserver(null);
        ITrack? onWorkers = null;
        if (workers is { } n)
        {
            if (!rows.SelectMany(r => r.Runs).Any(c => TrackWorkers.HasParallelParts(track, c)))
            {
                throw new UsageException($"--workers runs {TrackWorkers.WhatRunsThere}; no run of the {sweep} sweep has any");
            }
            onWorkers = TrackWorkers.With(track, parse.GetValue(options.DataDirectory), TrackWorkers.Local(n, parse.GetValue(WorkerTimeoutOption), null, observer));
        }
        bool json = parse.GetValue(options.Json);
        var status = json ? Console.Error : Console.Out;
        var dataset = DatasetCatalog.Default.Load(preset.Dataset, options.DatasetOptions(parse));
        string benchDirectory = Path.Combine(SandboxPaths.Runs, "bench");
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        int total = rows.Sum(r => r.Runs.Count);
        status.WriteLine($"bench {track.Name} ({sweep}) on {dataset.Name}, preset {preset.Preset}: {rows.Count} rows, {total} runs, {preset.Threads} thread(s) each{TrackWorkers.Describe(workers)} → {Path.GetRelativePath(Directory.GetCurrentDirectory(), benchDirectory)}");

        using var interrupt = new InterruptSignal();
        var results = new List<RowResult>();
        int done = 0;
        foreach (var row in rows)
        {
            // A row's runs differ in their seed only, so they all have parallel parts or none has.
            bool parallel = onWorkers is not null && row.Runs.Any(c => TrackWorkers.HasParallelParts(track, c));
            var result = new RowResult(row, [], [], parallel ? workers : null);
            foreach (var config in row.Runs)
            {
                if (interrupt.Token.IsCancellationRequested)
                {
                    break;
                }
                done++;
                string directory = Path.Combine(benchDirectory, track.Name, stamp, $"{Slug(row.Method)}-s{config.Seed}");
                var view = new TrackProgressView(!json && !Console.IsOutputRedirected, status, $"[{done}/{total}] {row.Method} s{config.Seed}",
                    parallel ? () => observer.Workers : null);
                PeakMemory.Reset();
                var run = view.Show(progress => TrackRun.Run(parallel ? onWorkers! : track, config, dataset, directory, false, progress, interrupt.Token));
                result.Peaks.Add(PeakMemory.Bytes());
                result.Runs.Add(run);
                if (run.Interrupted)
                {
                    break;
                }
            }
            if (result.Runs.Count > 0 && !result.Runs[^1].Interrupted)
            {
                results.Add(result);
            }
            if (interrupt.Token.IsCancellationRequested)
            {
                break;
            }
        }

        var records = results.Select(r => Record(track, preset, sweep, r, results[0])).ToList();
        if (records.Count > 0)
        {
            Directory.CreateDirectory(benchDirectory);
            var lines = new StringBuilder();
            foreach (var record in records)
            {
                lines.Append(JsonSerializer.Serialize(record, TrackConfig.CompactJson)).Append('\n');
            }
            File.AppendAllText(Path.Combine(benchDirectory, $"{track.Name}.jsonl"), lines.ToString());
            CurvePlot.Save(Path.Combine(benchDirectory, $"{track.Name}.png"), $"{track.Name} on {dataset.Name} ({preset.Preset} preset, mean over seeds)",
                "epoch", results[0].Runs[0].DevAccuracy is null ? "test accuracy" : "dev accuracy",
                [.. results.Select(r => (r.Row.Method, MeanCurve(r.Runs)))]);
        }
        if (json)
        {
            foreach (var record in records)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(record, TrackConfig.CompactJson));
            }
        }
        else
        {
            PrintTable(results, records);
            status.WriteLine($"appended {records.Count} rows to runs/bench/{track.Name}.jsonl; accuracy per epoch: runs/bench/{track.Name}.png");
        }
        return interrupt.Token.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    private static Dictionary<string, object?> Record(ITrack track, TrackConfig preset, string sweep, RowResult r, RowResult baseline)
    {
        double Mean(Func<TrackRunResult, double> f) => r.Runs.Average(f);
        double? dev = r.Runs.All(x => x.DevAccuracy is not null) ? Mean(x => x.DevAccuracy!.Value) : null;
        var headline = r.Runs.Select(x => x.DevAccuracy ?? x.TestAccuracy).ToList();
        double spread = headline.Count > 1 ? Math.Sqrt(headline.Sum(v => (v - headline.Average()) * (v - headline.Average())) / (headline.Count - 1)) : 0;
        double? peak = r.Peaks.All(p => p is not null) ? r.Peaks.Average(p => (double)p!.Value) : null;
        double? basePeak = baseline.Peaks.All(p => p is not null) ? baseline.Peaks.Average(p => (double)p!.Value) : null;
        var record = new Dictionary<string, object?>
        {
            ["track"] = track.Name,
            ["method"] = r.Row.Method,
            ["setting"] = r.Row.Setting,
            ["dataset"] = preset.Dataset,
            ["architecture"] = r.Runs[0].Config.Architecture,
            ["network"] = r.Runs[0].Network,
            ["preset"] = preset.Preset,
            ["sweep"] = sweep,
            ["epochs"] = r.Runs[0].Epochs,
            ["seeds"] = r.Runs.Select(x => x.Config.Seed).ToArray(),
            ["train_accuracy"] = Mean(x => x.TrainAccuracy),
            ["dev_accuracy"] = dev,
            ["test_accuracy"] = Mean(x => x.TestAccuracy),
            ["accuracy_std"] = spread,
            ["wall_seconds"] = Math.Round(Mean(x => x.TrainSeconds), 3),
            ["samples_per_second"] = Math.Round(Mean(x => x.SamplesPerSecond)),
            ["peak_memory_bytes"] = peak,
            ["reference"] = r.Row.Reference,
            ["threads"] = r.Runs[0].Config.Threads,
            ["workers"] = r.Workers,
            ["processors"] = Environment.ProcessorCount,
            ["time_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        double wire = r.Runs.Sum(x => x.Total("wire_bytes") ?? 0);
        double bgdWire = r.Runs.Sum(x => x.Total("bgd_wire_bytes") ?? 0);
        if (bgdWire > 0)
        {
            // The paper's Fig. 13: each figure relative to plain batch gradient descent (the first row).
            record["runtime_vs_bgd"] = Mean(x => x.TrainSeconds) / baseline.Runs.Average(x => x.TrainSeconds);
            record["peak_memory_vs_bgd"] = peak is { } p && basePeak is { } b ? p / b : null;
            record["wire_bytes_vs_bgd"] = wire / bgdWire;
            record["wire_bytes_per_iteration"] = wire / r.Runs.Sum(x => x.Total("full_steps")!.Value + x.Total("stochastic_steps")!.Value);
        }
        return record;
    }

    private static IReadOnlyList<(double, double)> MeanCurve(List<TrackRunResult> runs)
    {
        string key = runs[0].DevAccuracy is null ? "test_accuracy" : "dev_accuracy";
        int epochs = runs.Min(r => r.History.Count);
        return [.. Enumerable.Range(0, epochs).Select(e => ((double)(e + 1), runs.Average(r => r.History[e][key])))];
    }

    private static void PrintTable(List<RowResult> results, List<Dictionary<string, object?>> records)
    {
        bool dev = records.Any(r => r["dev_accuracy"] is not null);
        bool resources = records.Any(r => r.ContainsKey("wire_bytes_vs_bgd"));
        var table = new Table().Border(TableBorder.Rounded);
        var columns = new List<string> { "method", "dataset", "architecture", "budget", "seeds", "train" };
        if (dev)
        {
            columns.Add("dev");
        }
        columns.AddRange(["test", "wall s", "samples/s"]);
        if (resources)
        {
            columns.AddRange(["runtime", "peak mem", "net bytes"]);
        }
        columns.Add("paper / reference");
        foreach (string c in columns)
        {
            table.AddColumn(new TableColumn(c));
        }
        string Ratio(object? v) => v is double d ? string.Create(CultureInfo.InvariantCulture, $"{d * 100:0.0} %") : "-";
        foreach (var (result, record) in results.Zip(records))
        {
            var cells = new List<string>
            {
                result.Row.Method, (string)record["dataset"]!, (string)record["architecture"]!, result.Row.Setting, result.Runs.Count.ToString(CultureInfo.InvariantCulture),
                TrackOptions.Percent((double)record["train_accuracy"]!),
            };
            if (dev)
            {
                cells.Add(TrackOptions.Percent((double?)record["dev_accuracy"]) + (result.Runs.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ±{(double)record["accuracy_std"]! * 100:0.00}") : ""));
            }
            cells.Add(TrackOptions.Percent((double)record["test_accuracy"]!));
            cells.Add(string.Create(CultureInfo.InvariantCulture, $"{(double)record["wall_seconds"]!:0.0}"));
            cells.Add(string.Create(CultureInfo.InvariantCulture, $"{(double)record["samples_per_second"]!:N0}"));
            if (resources)
            {
                string peak = record["peak_memory_bytes"] is double p ? string.Create(CultureInfo.InvariantCulture, $"{p / (1 << 20):0} MB ({Ratio(record.GetValueOrDefault("peak_memory_vs_bgd"))})") : "-";
                cells.AddRange([Ratio(record.GetValueOrDefault("runtime_vs_bgd")), peak, Ratio(record.GetValueOrDefault("wire_bytes_vs_bgd"))]);
            }
            cells.Add(result.Row.Reference);
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // A file or pipe has no width: keep the rows on one line each rather than wrapping at 80 columns.
            console.Profile.Width = 240;
        }
        console.Write(table);
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c == '.' ? c : '-');
        }
        return slug.ToString().Trim('-');
    }
}
