using Sandbox.Cluster.Evaluation;
using Sandbox.Cluster.Hosting;
using Sandbox.Cluster.Protocol;
using Sandbox.Engine.Hosting;

namespace Sandbox.Cli.Commands;

/// <summary>A run's connection to a cluster: opened and checked before the run starts, closed after it.</summary>
internal sealed class ClusterRun : IDisposable
{
    private readonly ClusterConnection _connection;

    private ClusterRun(ClusterConnection connection) => _connection = connection;

    /// <summary>Connects when <paramref name="settings"/> is given; null otherwise.</summary>
    /// <exception cref="Sandbox.Cluster.ClusterException">The cluster cannot be used (one line).</exception>
    public static ClusterRun? Connect(ClusterSettings? settings, string? testFault, bool workersGiven)
    {
        if (settings is null)
        {
            return null;
        }
        if (workersGiven)
        {
            throw new UsageException("--workers sets local worker processes; with --cluster the silos' --workers decide");
        }
        if (testFault is not null && testFault != "version")
        {
            throw new UsageException("--test-fault with --cluster: only 'version' (silo faults are injected with silo --test-fault)");
        }
        return new ClusterRun(ClusterConnection.Connect(settings, announcedVersion: testFault == "version" ? ClusterProtocol.Combined + 1 : null));
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
        var options = new ClusterEvaluatorOptions();
        options = options with
        {
            BatchTimeoutSeconds = batchTimeoutSeconds ?? options.BatchTimeoutSeconds,
            WaitSeconds = waitSeconds ?? options.WaitSeconds,
        };
        var evaluator = new ClusterEvaluator(_connection, options, log, task);
        observer.Attach(() => evaluator.Statuses);
        return evaluator;
    };

    public void Dispose() => _connection.Dispose();
}
