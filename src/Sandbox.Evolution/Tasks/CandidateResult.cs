namespace Sandbox.Evolution.Tasks;

/// <summary>
/// What evaluating one candidate produced: the fitness algorithms rank by (higher is better), the task's
/// named metrics in the order of its <see cref="MetricLayout"/>, and optional additive statistics.
/// </summary>
public sealed record CandidateResult
{
    /// <summary>The candidate's index in its generation.</summary>
    public required int Index { get; init; }

    /// <summary>Higher is better.</summary>
    public required double Fitness { get; init; }

    /// <summary>Metric values, one per <see cref="MetricLayout.Names"/> entry.</summary>
    public required double[] Metrics { get; init; }

    /// <summary>
    /// Statistics the task gathered while evaluating (e.g. observation count, sums and sums of squares),
    /// merged across candidates by element-wise addition in candidate order; null when not gathered.
    /// </summary>
    public double[]? Statistics { get; init; }
}
