using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sandbox.Cli.Rendering;
using Sandbox.Cli.Views;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks.HybridEs;
using Sandbox.Supervised.Tracks.RandomBases;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox train &lt;track&gt;</c>: trains one configuration of a supervised track into runs/&lt;name&gt;/.</summary>
public static class TrainCommand
{
    private static readonly Argument<string> TrackArgument = new("track") { Description = $"Track: {string.Join(", ", TrackRegistry.All.Select(t => t.Name))}" };
    private static readonly Option<string?> NameOption = new("--name") { Description = "Run name (directory under runs/)" };
    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "Continue the run in this directory from its last completed epoch" };
    private static readonly Option<int?> WorkersOption = new("--workers")
    {
        Description = "Run the steps' parallel parts on N engine worker processes (0: the same protocol in this process): random-bases shards (shards > 1), hybrid-es trials (method search)",
    };
    private static readonly Option<double?> WorkerTimeoutOption = new("--worker-timeout")
    {
        Description = "With --workers or --cluster: seconds a worker may take for a batch before it is replaced (default: 10 × the slowest batch so far, at least 30, locally; 300 on a cluster)",
    };
    private static readonly Option<string?> TestFaultOption = new("--test-fault") { Description = "Inject a fault into worker 0 (tests): kill:N, hang:N, garbage:N", Hidden = true };
    private static readonly ClusterOptions Cluster = new();
    private static readonly Option<double?> ClusterWaitOption = new("--cluster-wait") { Description = "Seconds to wait for a silo when none can evaluate, then stop resumably at the last finished epoch (default 600)" };
    private static readonly TrackOptions Options = new();

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Train a supervised track (edge-popup, hybrid-es, random-bases, rso) into runs/<name>/: config, provenance, metrics.jsonl, model, curves.png");
        command.Arguments.Add(TrackArgument);
        Options.AddTo(command);
        command.Options.Add(NameOption);
        command.Options.Add(ResumeOption);
        command.Options.Add(WorkersOption);
        command.Options.Add(WorkerTimeoutOption);
        command.Options.Add(TestFaultOption);
        command.Options.Add(ClusterWaitOption);
        foreach (var option in Cluster.All)
        {
            command.Options.Add(option);
        }
        command.SetAction(parse => Execute(parse));
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        var track = TrackRegistry.Get(parse.GetValue(TrackArgument)!);
        bool json = parse.GetValue(Options.Json);
        var status = json ? Console.Error : Console.Out;
        string? resume = parse.GetValue(ResumeOption);
        TrackConfig config;
        string directory;
        if (resume is not null)
        {
            foreach (var option in Options.ConfigOptions.Append(NameOption))
            {
                if (parse.GetResult(option) is { Implicit: false }) // options with defaults have an implicit result
                {
                    throw new UsageException($"--resume continues a run with its own config; {option.Name} cannot be combined with it");
                }
            }
            Options.CheckDevice(parse);
            string configPath = Path.Combine(resume, "config.json");
            if (!File.Exists(configPath))
            {
                throw new UsageException($"--resume '{resume}': no run there (config.json is missing)");
            }
            config = TrackConfig.Load(configPath);
            if (config.Track != track.Name)
            {
                throw new UsageException($"--resume '{resume}' is a {config.Track} run, not {track.Name}");
            }
            directory = Path.GetFullPath(resume);
        }
        else
        {
            config = Options.Resolve(parse, track);
            string name = parse.GetValue(NameOption) ?? $"{track.Name}-{config.Method}-{config.Dataset}-s{config.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}";
            if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            {
                throw new UsageException($"--name '{name}' is not a valid directory name");
            }
            directory = UniqueDirectory(Path.Combine(SandboxPaths.Runs, name));
        }
        // Bad options are refused before a dataset is fetched, a cluster is checked before anything is written.
        var workers = new RunObserver(null);
        var local = LocalWorkers(track, config, parse, workers);
        using var cluster = ClusterRun.Connect(Cluster, parse, parse.GetValue(TestFaultOption), parse.GetResult(WorkersOption) is not null);
        track = WithEvaluators(track, parse, cluster?.TrackEvaluators(workers, parse.GetValue(WorkerTimeoutOption), parse.GetValue(ClusterWaitOption)) ?? local);
        var dataset = DatasetCatalog.Default.Load(config.Dataset, Options.DatasetOptions(parse)); // a missing dataset is one line before anything is written

        using var interrupt = new InterruptSignal();
        string shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), directory);
        status.WriteLine($"{(resume is null ? "training" : "resuming")} {track.Name}/{config.Method} on {dataset.Name}: {config.Epochs} epochs of batch {config.BatchSize}, seed {config.Seed}, {config.Threads} thread(s){Engine(parse, cluster)} → {shown}");
        var view = new TrackProgressView(!json && !Console.IsOutputRedirected, status, $"{track.Name}/{config.Method}", () => workers.Workers);
        var result = view.Show(observer => TrackRun.Run(track, config, dataset, directory, resume is not null, observer, interrupt.Token));
        WriteCurves(Path.Combine(directory, "curves.png"), $"{track.Name}/{config.Method} on {dataset.Name}", result.History);

        status.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(result.Interrupted ? "interrupted" : "done")} after {result.Epochs} epochs: train {TrackOptions.Percent(result.TrainAccuracy)}, " +
            $"{(result.DevAccuracy is null ? "" : $"dev {TrackOptions.Percent(result.DevAccuracy)}, ")}test {TrackOptions.Percent(result.TestAccuracy)}; " +
            $"{result.TrainSeconds:0.0} s training, {result.SamplesPerSecond:N0} samples/s; {result.Network}"));
        if (result.ModelPath is { } model)
        {
            status.WriteLine($"model: {Path.GetRelativePath(Directory.GetCurrentDirectory(), model)} (evaluate: ./sandbox eval {Path.GetRelativePath(Directory.GetCurrentDirectory(), model)})");
        }
        if (result.Interrupted)
        {
            status.WriteLine($"resume: ./sandbox train {track.Name} --resume {shown}");
        }
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(Summary(track.Name, result), TrackConfig.CompactJson));
        }
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Ok;
    }

    /// <summary>
    /// Checks the options that place the steps' parallel parts — random-bases shards (shards &gt; 1) or Hybrid-ES
    /// trials (method search, r ≥ 2, K ≥ 2) — and returns the factory of <c>--workers N</c> engine worker processes
    /// (0: the engine's in-process evaluator); null without <c>--workers</c>. Needs no network and no dataset.
    /// <paramref name="observer"/> follows the worker processes for the progress view.
    /// </summary>
    private static Func<IEvaluationTask, ICandidateEvaluator>? LocalWorkers(ITrack track, TrackConfig config, ParseResult parse, RunObserver observer)
    {
        int? workers = parse.GetValue(WorkersOption);
        bool onCluster = parse.GetValue(Cluster.Cluster) is not null;
        ClusterRun.CheckWait(parse.GetValue(ClusterWaitOption), onCluster);
        TrackWorkers.CheckTimeout(parse.GetValue(WorkerTimeoutOption), workers is not null || onCluster);
        if (workers is null && !onCluster)
        {
            return null;
        }
        if (!TrackWorkers.HasParallelParts(track, config))
        {
            throw new UsageException($"{(workers is null ? "--cluster" : "--workers")} runs {TrackWorkers.WhatRunsThere}; " +
                $"{(config.Method == track.Name ? track.Name : $"{track.Name}/{config.Method}")} with these settings has none");
        }
        return workers is { } n
            ? TrackWorkers.Local(n, parse.GetValue(WorkerTimeoutOption), parse.GetValue(TestFaultOption), observer)
            : null; // the cluster's silos evaluate them
    }

    /// <summary>The track with its steps' parallel parts evaluated by <paramref name="evaluators"/> (unchanged when null).</summary>
    private static ITrack WithEvaluators(ITrack track, ParseResult parse, Func<IEvaluationTask, ICandidateEvaluator>? evaluators) =>
        evaluators is null ? track : TrackWorkers.With(track, parse.GetValue(Options.DataDirectory), evaluators);

    /// <summary>Where the steps' parallel parts run, for the status line (empty without <c>--workers</c> or <c>--cluster</c>).</summary>
    private static string Engine(ParseResult parse, ClusterRun? cluster) => (parse.GetValue(WorkersOption), cluster) switch
    {
        (_, { } c) => $", parallel parts on {c.Describe()}",
        (var workers, _) => TrackWorkers.Describe(workers),
    };

    /// <summary>The JSON summary of one run (the keys bench rows share).</summary>
    internal static Dictionary<string, object?> Summary(string track, TrackRunResult r) => new()
    {
        ["track"] = track,
        ["method"] = r.Config.Method,
        ["dataset"] = r.Config.Dataset,
        ["architecture"] = r.Config.Architecture,
        ["network"] = r.Network,
        ["epochs"] = r.Epochs,
        ["seed"] = r.Config.Seed,
        ["train_accuracy"] = r.TrainAccuracy,
        ["dev_accuracy"] = r.DevAccuracy,
        ["test_accuracy"] = r.TestAccuracy,
        ["wall_seconds"] = Math.Round(r.TrainSeconds, 3),
        ["samples_per_second"] = Math.Round(r.SamplesPerSecond),
        ["interrupted"] = r.Interrupted,
        ["run"] = r.RunDirectory,
        ["model"] = r.ModelPath,
    };

    /// <summary>Accuracy versus epoch of one run (training minibatches, dev, test).</summary>
    internal static void WriteCurves(string path, string title, IReadOnlyList<IReadOnlyDictionary<string, double>> history)
    {
        var series = new List<(string, IReadOnlyList<(double, double)>)>();
        foreach (var (key, label) in new[] { ("train_batch_accuracy", "train (minibatches)"), ("dev_accuracy", "dev"), ("test_accuracy", "test") })
        {
            // A track without a figure for a series (RSO has no minibatch accuracy) leaves it NaN: no line.
            if (history.Any(h => h.TryGetValue(key, out double v) && double.IsFinite(v)))
            {
                series.Add((label, [.. history.Where(h => h.TryGetValue(key, out double v) && double.IsFinite(v)).Select(h => (h["epoch"], h[key]))]));
            }
        }
        CurvePlot.Save(path, title, "epoch", "accuracy", series);
    }

    private static string UniqueDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return path;
        }
        for (int i = 2; ; i++)
        {
            string candidate = path + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (!Directory.Exists(candidate))
            {
                return candidate;
            }
        }
    }
}
