namespace Sandbox.Evolution.Configuration;

/// <summary>Full-weight OpenAI-ES: noise scale, Adam on the centre, weight decay, initial centre.</summary>
public sealed record EsConfig : IAlgorithmOptions
{
    /// <summary>Standard deviation of parameter noise.</summary>
    public float Sigma { get; init; } = 0.05f;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>L2 coefficient pulling the centre towards zero.</summary>
    public float WeightDecay { get; init; } = 0.005f;

    /// <summary>Adam β1.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam β2.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Evaluate each noise vector with both signs (antithetic pairs).</summary>
    public bool Mirrored { get; init; } = true;

    /// <summary>Scale of the initial centre (Gaussian, divided by √fan_in per layer); 0 starts from zeros.</summary>
    public float InitScale { get; init; } = 1f;

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (!(Sigma > 0) || !(Sigma <= 10))
        {
            yield return $"es.sigma: must be in (0, 10] (got {Sigma})";
        }
        if (!(LearningRate > 0) || !(LearningRate <= 10))
        {
            yield return $"es.learning_rate: must be in (0, 10] (got {LearningRate})";
        }
        if (!(WeightDecay >= 0) || !(WeightDecay <= 1))
        {
            yield return $"es.weight_decay: must be in [0, 1] (got {WeightDecay})";
        }
        if (!(Beta1 is >= 0 and < 1) || !(Beta2 is >= 0 and < 1))
        {
            yield return $"es.beta1, es.beta2: must be in [0, 1) (got {Beta1}, {Beta2})";
        }
        if (!(InitScale >= 0) || !(InitScale <= 100))
        {
            yield return $"es.init_scale: must be in [0, 100] (got {InitScale})";
        }
        if (Mirrored && config.Population % 2 != 0)
        {
            yield return $"population: mirrored ES needs an even population (got {config.Population})";
        }
    }
}
