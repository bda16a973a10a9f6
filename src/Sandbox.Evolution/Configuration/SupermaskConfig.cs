using Sandbox.Policies.Parameterizations;

namespace Sandbox.Evolution.Configuration;

/// <summary>Supermask evolution (supermask-es §4.1): elites, mutation scale and how scores become a mask.</summary>
public sealed record SupermaskConfig : IAlgorithmOptions
{
    /// <summary>Number of elites kept each generation (the paper uses fewer than 6).</summary>
    public int Elites { get; init; } = 5;

    /// <summary>Standard deviation of the Gaussian noise added to a parent's scores.</summary>
    public float Sigma { get; init; } = 0.1f;

    /// <summary>Carry elites into the next generation unchanged (re-evaluated on its new episodes).</summary>
    public bool KeepElites { get; init; } = true;

    /// <summary>Scores above this keep their connection; 0 gives about 50 % sparsity.</summary>
    public float Threshold { get; init; }

    /// <summary>If set, keep this fraction of each layer's highest scores instead of thresholding.</summary>
    public double? TopK { get; init; }

    /// <summary>The mask rule these options describe.</summary>
    public MaskRule Rule => new(Threshold, TopK);

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (Elites < 1 || Elites >= config.Population)
        {
            yield return $"supermask.elites: must be between 1 and population - 1 (got {Elites} with population {config.Population})";
        }
        if (!(Sigma > 0) || !(Sigma <= 100))
        {
            yield return $"supermask.sigma: must be in (0, 100] (got {Sigma})";
        }
        if (Rule.Validate() is { } problem)
        {
            yield return $"supermask.{problem}";
        }
    }
}
