using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.HybridEs;
using Sandbox.Supervised.Tracks.RandomBases;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Commands;

/// <summary>
/// Where a supervised track's parallel parts run — random-bases shards (shards ≥ 2) and Hybrid-ES trials (method
/// search, interval ≥ 2, trials ≥ 2) — for <c>train</c> and <c>bench</c>: the option checks and the engine worker
/// processes of <c>--workers N</c>.
/// </summary>
internal static class TrackWorkers
{
    /// <summary>What <c>--workers</c> runs, for messages.</summary>
    public const string WhatRunsThere = "the parallel shards of random-bases (--set shards=K, K ≥ 2) or the trials of hybrid-es (method search, interval ≥ 2, trials ≥ 2)";

    /// <summary>Where <c>--workers</c> puts the parallel parts, for status lines (empty without it).</summary>
    public static string Describe(int? workers) => workers switch
    {
        null => "",
        0 => ", parallel parts through the engine in this process",
        { } n => $", parallel parts on {n} engine worker process(es)",
    };

    /// <summary>Whether a run of <paramref name="config"/> has parts the engine's workers can evaluate.</summary>
    public static bool HasParallelParts(ITrack track, TrackConfig config) => track switch
    {
        RandomBasesTrack => config.Shards >= 2,
        HybridEsTrack => !HybridEsTrack.WorkerProblems(config).Any(),
        _ => false,
    };

    /// <summary>Checks <c>--worker-timeout</c>: it needs somewhere to apply (<paramref name="placed"/>) and a sane value.</summary>
    public static void CheckTimeout(double? timeout, bool placed)
    {
        if (timeout is not null && !placed)
        {
            throw new UsageException("--worker-timeout needs --workers or --cluster");
        }
        if (timeout is { } t && !(t > 0 && t <= EngineOptions.MaxWorkerTimeoutSeconds))
        {
            throw new UsageException($"--worker-timeout must be positive and at most {EngineOptions.MaxWorkerTimeoutSeconds} seconds (got {t})");
        }
    }

    /// <summary>
    /// The factory of <paramref name="workers"/> engine worker processes per run (0: the same protocol in this
    /// process); <paramref name="observer"/> follows the processes for the progress view.
    /// </summary>
    public static Func<IEvaluationTask, ICandidateEvaluator> Local(int workers, double? timeout, string? testFault, RunObserver observer)
    {
        var engine = new EngineOptions { Workers = Math.Max(1, workers), WorkerTimeoutSeconds = timeout, TestFault = testFault };
        if (workers is < 0 or > 256 || engine.Validate().FirstOrDefault() is not null)
        {
            throw new UsageException($"--workers must be between 0 and 256 (got {workers})");
        }
        return workers == 0
            ? task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu)
            : task =>
            {
                var pool = new WorkerPool(engine, WorkerCommand.CurrentProgram(), NullLogger.Instance, task);
                observer.Attach(() => pool.Statuses);
                return pool;
            };
    }

    /// <summary>The track with its parallel parts evaluated by <paramref name="evaluators"/>.</summary>
    public static ITrack With(ITrack track, string? dataDirectory, Func<IEvaluationTask, ICandidateEvaluator> evaluators) => track switch
    {
        HybridEsTrack => new HybridEsTrack { Workers = evaluators, DataDirectory = dataDirectory },
        RandomBasesTrack => new RandomBasesTrack { Workers = evaluators, DataDirectory = dataDirectory },
        _ => throw new UsageException($"--workers runs {WhatRunsThere}; {track.Name} has none"),
    };
}
