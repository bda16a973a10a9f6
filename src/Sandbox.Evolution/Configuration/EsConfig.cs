namespace Sandbox.Evolution.Configuration;

/// <summary>Full-weight OpenAI-ES: noise scale, Adam on the centre, weight decay, observation normalisation.</summary>
public sealed record EsConfig
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

    /// <summary>Normalise observations with running statistics gathered from the rollouts.</summary>
    public bool ObservationNormalization { get; init; }

    /// <summary>Scale of the initial centre (Gaussian, divided by √fan_in per layer); 0 starts from zeros.</summary>
    public float InitScale { get; init; } = 1f;
}
