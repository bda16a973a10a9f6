namespace Sandbox.Evolution.Configuration;

/// <summary>
/// A genetic algorithm with truncation selection as in Such et al. (2017): the best <see cref="Truncation"/> become
/// parents, each child is a random parent plus σ·ε, the best <see cref="Elites"/> are carried over unchanged.
/// </summary>
public sealed record GaConfig : IAlgorithmOptions
{
    /// <summary>Parents kept each generation (the truncation point).</summary>
    public int Truncation { get; init; } = 10;

    /// <summary>Best individuals carried unchanged into the next generation (re-evaluated on its context).</summary>
    public int Elites { get; init; } = 1;

    /// <summary>Mutation: standard deviation of the Gaussian added to a parent.</summary>
    public float Sigma { get; init; } = 0.02f;

    /// <summary>Scale of each initial individual (Gaussian, divided by √fan_in per layer; biases zero).</summary>
    public float InitScale { get; init; } = 1f;

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (Truncation < 1 || Truncation >= config.Population)
        {
            yield return $"ga.truncation: must be between 1 and population - 1 (got {Truncation} with population {config.Population})";
        }
        if (Elites < 0 || Elites > Truncation)
        {
            yield return $"ga.elites: must be between 0 and ga.truncation {Truncation} (got {Elites})";
        }
        if (!(Sigma > 0) || !(Sigma <= 100))
        {
            yield return $"ga.sigma: must be in (0, 100] (got {Sigma})";
        }
        if (!(InitScale > 0) || !(InitScale <= 100))
        {
            yield return $"ga.init_scale: must be in (0, 100] (got {InitScale})";
        }
    }
}
