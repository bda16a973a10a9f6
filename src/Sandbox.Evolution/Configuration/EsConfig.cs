namespace Sandbox.Evolution.Configuration;

/// <summary>Full-weight OpenAI-ES: noise scale, Adam on the centre, weight decay, initial centre.</summary>
public sealed record EsConfig : IAlgorithmOptions
{
    /// <summary>Standard deviation of parameter noise.</summary>
    public float Sigma { get; init; } = 0.05f;

    /// <summary>Adam step size.</summary>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>Factor applied to the step size after every generation (1 keeps it constant).</summary>
    public float LearningRateDecay { get; init; } = 1f;

    /// <summary>Floor of the decayed step size.</summary>
    public float LearningRateLimit { get; init; }

    /// <summary>Factor applied to σ after every generation (1 keeps it constant).</summary>
    public float SigmaDecay { get; init; } = 1f;

    /// <summary>Floor of the decayed σ.</summary>
    public float SigmaLimit { get; init; }

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

    /// <summary>σ in generation <paramref name="generation"/>: <see cref="Sigma"/> · decay^g, floored.</summary>
    public float SigmaAt(int generation) => Decayed(Sigma, SigmaDecay, SigmaLimit, generation);

    /// <summary>Step size in generation <paramref name="generation"/>: <see cref="LearningRate"/> · decay^g, floored.</summary>
    public float LearningRateAt(int generation) => Decayed(LearningRate, LearningRateDecay, LearningRateLimit, generation);

    // Repeated multiplication rather than Math.Pow: IEEE products are the same on every machine, a libm's pow need not be.
    private static float Decayed(float start, float decay, float limit, int generation)
    {
        if (decay == 1f)
        {
            return start;
        }
        double value = start;
        for (int g = 0; g < generation && value > limit; g++)
        {
            value *= decay;
        }
        return (float)Math.Max(limit, value);
    }

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
        if (!(LearningRateDecay > 0) || !(LearningRateDecay <= 1) || !(SigmaDecay > 0) || !(SigmaDecay <= 1))
        {
            yield return $"es.learning_rate_decay, es.sigma_decay: must be in (0, 1] (got {LearningRateDecay}, {SigmaDecay})";
        }
        if (!(LearningRateLimit >= 0) || !(LearningRateLimit <= LearningRate) || !(SigmaLimit >= 0) || !(SigmaLimit <= Sigma))
        {
            yield return $"es.learning_rate_limit, es.sigma_limit: must be in [0, es.learning_rate] and [0, es.sigma] (got {LearningRateLimit}, {SigmaLimit})";
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
