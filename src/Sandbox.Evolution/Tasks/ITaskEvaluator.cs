namespace Sandbox.Evolution.Tasks;

/// <summary>
/// Evaluates candidates of a task: a pure function of (task state, generation task) → results, whatever
/// batch or thread a candidate runs in. Created by <see cref="IEvaluationTask.CreateEvaluator"/>; not thread-safe.
/// </summary>
public interface ITaskEvaluator : IDisposable
{
    /// <summary>Evaluates every candidate of <paramref name="task"/>; results are in candidate order.</summary>
    CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation = default);

    /// <summary>Seconds spent in the task's own work (environment steps, forwards) since the last call, summed over threads.</summary>
    double TakeBusySeconds();
}
