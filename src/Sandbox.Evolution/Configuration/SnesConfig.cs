namespace Sandbox.Evolution.Configuration;

/// <summary>Separable natural evolution strategies (Schaul et al. 2011; Wierstra et al. 2014): a Gaussian with one σ per parameter.</summary>
public sealed record SnesConfig : IAlgorithmOptions
{
    /// <summary>η_μ, the step size of the centre (the papers' default 1).</summary>
    public float LearningRate { get; init; } = 1f;

    /// <summary>η_σ; null: (3 + ln n) / (5 √n), the papers' default for n parameters.</summary>
    public float? StdevLearningRate { get; init; }

    /// <summary>Initial σ of every parameter.</summary>
    public float InitStdev { get; init; } = 0.1f;

    /// <summary>Scale of the initial centre (Gaussian, divided by √fan_in per layer); 0 starts from zeros.</summary>
    public float InitScale { get; init; }

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (!(LearningRate > 0) || !(LearningRate <= 10))
        {
            yield return $"snes.learning_rate: must be in (0, 10] (got {LearningRate})";
        }
        if (StdevLearningRate is { } eta && (!(eta > 0) || !(eta <= 10)))
        {
            yield return $"snes.stdev_learning_rate: must be in (0, 10] or null (got {eta})";
        }
        if (!(InitStdev > 0) || !(InitStdev <= 100))
        {
            yield return $"snes.init_stdev: must be in (0, 100] (got {InitStdev})";
        }
        if (!(InitScale >= 0) || !(InitScale <= 100))
        {
            yield return $"snes.init_scale: must be in [0, 100] (got {InitScale})";
        }
    }
}
