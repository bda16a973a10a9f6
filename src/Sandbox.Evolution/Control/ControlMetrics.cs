using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Control;

/// <summary>The metrics of a control candidate: mean return (also its fitness), mean episode length, environment steps, sparsity.</summary>
public static class ControlMetrics
{
    /// <summary>Names and roles: environment steps count the work, validation compares the mean return.</summary>
    public static MetricLayout Layout { get; } = new(["return", "length", "env_steps", "sparsity"], Work: 2, Validation: 0);

    /// <summary>The metric vector in <see cref="Layout"/> order.</summary>
    public static double[] Values(double meanReturn, double meanLength, long envSteps, double sparsity) =>
        [meanReturn, meanLength, envSteps, sparsity];
}
