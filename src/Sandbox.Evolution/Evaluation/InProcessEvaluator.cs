using Sandbox.Evolution.Configuration;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Evaluation;

/// <summary>Evaluates candidates on threads of this process (<c>--workers 0</c>): no replicas, nothing to commit.</summary>
public sealed class InProcessEvaluator(PolicyModel model, int threads, ComputeDevice device) : ICandidateEvaluator
{
    private readonly PopulationEvaluator _evaluator = new(model, threads, device);

    /// <inheritdoc />
    public EvaluatorReport? LastReport { get; private set; }

    /// <inheritdoc />
    public void Start(RunConfig config, Func<byte[]> currentState)
    {
    }

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation)
    {
        var results = _evaluator.Evaluate(task, cancellation);
        var timings = _evaluator.CollectTimings();
        LastReport = new EvaluatorReport
        {
            Workers = _evaluator.Threads,
            BusySeconds = RolloutTimings.Seconds(timings.ForwardTicks + timings.EnvironmentTicks),
        };
        return results;
    }

    /// <inheritdoc />
    public void Commit(GenerationTask task, IReadOnlyList<CandidateResult> results)
    {
    }

    /// <inheritdoc />
    public void Dispose() => _evaluator.Dispose();
}
