using Sandbox.Evolution.Tasks;

namespace Sandbox.Supervised.Classification;

/// <summary>The metrics of a classifier candidate: mean cross-entropy, accuracy, examples seen, sparsity.</summary>
public static class ClassificationMetrics
{
    /// <summary>Names and roles: examples count the work, validation compares accuracy.</summary>
    public static MetricLayout Layout { get; } = new(["loss", "accuracy", "samples", "sparsity"], Work: 2, Validation: 1);

    /// <summary>The metric vector in <see cref="Layout"/> order.</summary>
    public static double[] Values(double loss, double accuracy, long samples, double sparsity) => [loss, accuracy, samples, sparsity];
}
