using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Evaluation;

/// <summary>
/// Where a run's candidates are evaluated: in this process, in worker processes, or on a cluster, each
/// holding a replica of the algorithm and task state. The run only sends descriptors and receives
/// results; after each generation it commits the results so replicas apply the same update.
/// </summary>
public interface ICandidateEvaluator : IDisposable
{
    /// <summary>Prepares for a run; <paramref name="currentState"/> returns the state whenever a replica must be (re)started.</summary>
    void Start(RunConfig config, Func<ReplicaState> currentState);

    /// <summary>Evaluates every candidate of <paramref name="task"/>; results are in candidate order.</summary>
    CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation);

    /// <summary>Tells replicas the generation's results (after the run's own algorithm and task took them).</summary>
    void Commit(GenerationTask task, IReadOnlyList<CandidateResult> results);

    /// <summary>Figures about the last generation (traffic, workers), if this evaluator has any.</summary>
    EvaluatorReport? LastReport { get; }
}
