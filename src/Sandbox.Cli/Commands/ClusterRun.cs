using System.CommandLine;
using Sandbox.Cluster.Evaluation;
using Sandbox.Cluster.Hosting;
using Sandbox.Cluster.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Engine.Hosting;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cli.Commands;

/// <summary>A run's connection to a cluster: opened and checked before the run starts, closed after it.</summary>
internal sealed class ClusterRun : IDisposable
{
    private readonly ClusterConnection _connection;

    private ClusterRun(ClusterConnection connection) => _connection = connection;

    /// <summary>
    /// Connects when <c>--cluster</c> was given; null otherwise. Options that cannot go with a cluster are refused
    /// before the secret is read or anything is contacted.
    /// </summary>
    /// <exception cref="Sandbox.Cluster.ClusterException">The cluster cannot be used (one line).</exception>
    public static ClusterRun? Connect(ClusterOptions options, ParseResult parse, string? testFault, bool workersGiven)
    {
        if (parse.GetValue(options.Cluster) is not null)
        {
            if (workersGiven)
            {
                throw new UsageException("--workers sets local worker processes; with --cluster the silos' --workers decide");
            }
            if (testFault is not null && testFault != "version")
            {
                throw new UsageException("--test-fault with --cluster: only 'version' (silo faults are injected with silo --test-fault)");
            }
        }
        if (options.Resolve(parse) is not { } settings)
        {
            return null;
        }
        return new ClusterRun(ClusterConnection.Connect(settings, announcedVersion: testFault == "version" ? ClusterProtocol.Combined + 1 : null));
    }

    /// <summary>Refuses <c>--cluster-wait</c> without <c>--cluster</c> or outside (0, a week].</summary>
    public static void CheckWait(double? waitSeconds, bool onCluster)
    {
        if (waitSeconds is not { } wait)
        {
            return;
        }
        if (!onCluster)
        {
            throw new UsageException("--cluster-wait needs --cluster");
        }
        if (!(wait > 0 && wait <= EngineOptions.MaxWorkerTimeoutSeconds))
        {
            throw new UsageException($"--cluster-wait must be positive and at most {EngineOptions.MaxWorkerTimeoutSeconds} seconds (got {wait})");
        }
    }

    /// <summary>Silos found when connecting.</summary>
    public int Silos => _connection.Silos.Count;

    /// <summary>Workers on those silos.</summary>
    public int Workers => _connection.Silos.Values.Sum(s => s.Workers);

    /// <summary>The cluster in one line.</summary>
    public string Describe() =>
        $"cluster '{_connection.Settings.ClusterId}' at {_connection.Settings.Membership}: {_connection.Silos.Count} silo(s), {_connection.Silos.Values.Sum(s => s.Workers)} worker(s)";

    /// <summary>The factory the engine uses instead of local worker processes.</summary>
    public EvaluatorFactory Evaluators(RunObserver observer, double? batchTimeoutSeconds, double? waitSeconds) => (task, _, log) =>
    {
        var evaluator = new ClusterEvaluator(_connection, Options(batchTimeoutSeconds, waitSeconds), log, task);
        observer.Attach(() => evaluator.Statuses);
        return evaluator;
    };

    /// <summary>
    /// The factory a supervised track uses for its steps' parallel parts (random-bases shards, Hybrid-ES trials);
    /// like local worker pools for <c>train --workers</c>, it logs nothing (the track's metrics record the traffic);
    /// <paramref name="observer"/> follows its workers for the progress view.
    /// </summary>
    public Func<IEvaluationTask, ICandidateEvaluator> TrackEvaluators(RunObserver observer, double? batchTimeoutSeconds, double? waitSeconds) => task =>
    {
        var evaluator = new ClusterEvaluator(_connection, Options(batchTimeoutSeconds, waitSeconds), NullLogger.Instance, task);
        observer.Attach(() => evaluator.Statuses);
        return evaluator;
    };

    private static ClusterEvaluatorOptions Options(double? batchTimeoutSeconds, double? waitSeconds)
    {
        var options = new ClusterEvaluatorOptions();
        return options with
        {
            BatchTimeoutSeconds = batchTimeoutSeconds ?? options.BatchTimeoutSeconds,
            WaitSeconds = waitSeconds ?? options.WaitSeconds,
        };
    }

    public void Dispose() => _connection.Dispose();
}
