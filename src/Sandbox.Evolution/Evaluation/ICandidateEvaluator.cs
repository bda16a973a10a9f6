namespace Sandbox.Evolution.Evaluation;

/// <summary>
/// Where a run's candidates are evaluated: in this process, or in worker processes that hold a
/// replica of the algorithm state. The run only sends descriptors and receives results; after each
/// generation it commits the results so replicas apply the same update.
/// </summary>
public interface ICandidateEvaluator : IDisposable
{
    /// <summary>Prepares for a run; <paramref name="currentState"/> returns the algorithm state whenever a replica must be (re)started.</summary>
    void Start(Configuration.RunConfig config, Func<byte[]> currentState);

    /// <summary>Evaluates every candidate of <paramref name="task"/>; results are in candidate order.</summary>
    CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation);

    /// <summary>Tells replicas the generation's results (after the run's own algorithm took them).</summary>
    void Commit(GenerationTask task, IReadOnlyList<CandidateResult> results);

    /// <summary>Figures about the last generation (traffic, workers), if this evaluator has any.</summary>
    EvaluatorReport? LastReport { get; }
}
