namespace Sandbox.Evolution.Configuration;

/// <summary>
/// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial"): full covariance for small searches, the
/// separable variant (Ros and Hansen 2008) for large ones.
/// </summary>
public sealed record CmaesConfig : IAlgorithmOptions
{
    /// <summary>Full covariance up to <see cref="AutoFullLimit"/> parameters, diagonal beyond.</summary>
    public const string Auto = "auto";

    /// <summary>Full covariance (an n×n matrix; O(n²) per candidate, O(n³) per decomposition).</summary>
    public const string Full = "full";

    /// <summary>sep-CMA-ES: a diagonal covariance.</summary>
    public const string Diagonal = "diagonal";

    /// <summary>Most parameters <c>auto</c> gives a full covariance.</summary>
    public const int AutoFullLimit = 2000;

    /// <summary>Most parameters <c>full</c> accepts (the matrices travel to every worker).</summary>
    public const int FullLimit = 5000;

    /// <summary><c>auto</c>, <c>full</c> or <c>diagonal</c>.</summary>
    public string Covariance { get; init; } = Auto;

    /// <summary>Initial step size σ.</summary>
    public float Sigma { get; init; } = 0.1f;

    /// <summary>Parents μ recombined into the new mean; null: half the population (the tutorial's default).</summary>
    public int? Parents { get; init; }

    /// <summary>Scale of the initial mean (Gaussian, divided by √fan_in per layer); 0 starts from zeros.</summary>
    public float InitScale { get; init; }

    /// <summary>Whether a search of <paramref name="parameters"/> uses the full covariance.</summary>
    public bool IsFull(int parameters) => Covariance == Full || (Covariance == Auto && parameters <= AutoFullLimit);

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (Covariance is not (Auto or Full or Diagonal))
        {
            yield return $"cmaes.covariance: must be auto, full or diagonal (got {Sandbox.Core.Text.Quoted.Value(Covariance)})";
        }
        if (!(Sigma > 0) || !(Sigma <= 100))
        {
            yield return $"cmaes.sigma: must be in (0, 100] (got {Sigma})";
        }
        if (Parents is { } mu && (mu < 1 || mu > config.Population))
        {
            yield return $"cmaes.parents: must be between 1 and the population {config.Population}, or null (got {mu})";
        }
        if (!(InitScale >= 0) || !(InitScale <= 100))
        {
            yield return $"cmaes.init_scale: must be in [0, 100] (got {InitScale})";
        }
    }
}
