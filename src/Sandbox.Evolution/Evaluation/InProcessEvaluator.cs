using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Evaluation;

/// <summary>Evaluates candidates on threads of this process (<c>--workers 0</c>): no replicas, nothing to commit.</summary>
public sealed class InProcessEvaluator(IEvaluationTask task, int threads, ComputeDevice device) : ICandidateEvaluator
{
    private readonly ITaskEvaluator _evaluator = task.CreateEvaluator(threads, device);

    /// <inheritdoc />
    public EvaluatorReport? LastReport { get; private set; }

    /// <inheritdoc />
    public void Start(RunConfig config, Func<ReplicaState> currentState)
    {
    }

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask generation, CancellationToken cancellation)
    {
        var results = _evaluator.Evaluate(generation, cancellation);
        LastReport = new EvaluatorReport { Workers = 0, Parallelism = threads, BusySeconds = _evaluator.TakeBusySeconds() };
        return results;
    }

    /// <inheritdoc />
    public void Commit(GenerationTask generation, IReadOnlyList<CandidateResult> results)
    {
    }

    /// <inheritdoc />
    public void Dispose() => _evaluator.Dispose();
}
