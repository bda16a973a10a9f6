using Sandbox.Engine.Workers;
using Sandbox.Evolution.Runs;

namespace Sandbox.Engine.Hosting;

/// <summary>Lets a front end follow a hosted run: generation reports as they come and the worker slots' states.</summary>
public sealed class RunObserver(IProgress<GenerationReport>? progress)
{
    private volatile Func<IReadOnlyList<WorkerStatus>>? _statuses;

    /// <summary>Worker slots (empty for in-process evaluation).</summary>
    public IReadOnlyList<WorkerStatus> Workers => _statuses?.Invoke() ?? [];

    /// <summary>Where generation reports go.</summary>
    public IProgress<GenerationReport>? Progress { get; } = progress;

    internal void Attach(WorkerPool pool) => _statuses = () => pool.Statuses;

    /// <summary>Follows another evaluator's workers (a cluster's).</summary>
    public void Attach(Func<IReadOnlyList<WorkerStatus>> statuses) => _statuses = statuses;
}
