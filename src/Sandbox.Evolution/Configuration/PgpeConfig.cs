namespace Sandbox.Evolution.Configuration;

/// <summary>
/// PGPE (Sehnke et al. 2010) as in EvoJAX and EvoTorch: symmetric pairs around a centre, a σ per parameter
/// adapted by its own gradient (each step limited to a fraction of σ), centred ranks, and ClipUp (Toklu et al. 2020)
/// or Adam on the centre.
/// </summary>
public sealed record PgpeConfig : IAlgorithmOptions
{
    /// <summary>ClipUp: normalised gradient, heavy-ball momentum, speed clipped.</summary>
    public const string ClipUp = "clipup";

    /// <summary>Adam on the raw gradient.</summary>
    public const string Adam = "adam";

    /// <summary>Optimizer of the centre: <c>clipup</c> or <c>adam</c>.</summary>
    public string Optimizer { get; init; } = ClipUp;

    /// <summary>Step size of the centre (ClipUp's α on the unit gradient, or Adam's).</summary>
    public float LearningRate { get; init; } = 0.15f;

    /// <summary>ClipUp's maximum speed (norm of the velocity); null: twice the learning rate (the ClipUp paper's rule).</summary>
    public float? MaxSpeed { get; init; }

    /// <summary>ClipUp's momentum.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Initial σ of every parameter.</summary>
    public float InitStdev { get; init; } = 0.1f;

    /// <summary>Step size of σ's gradient ascent.</summary>
    public float StdevLearningRate { get; init; } = 0.1f;

    /// <summary>Largest relative change of each σ per generation.</summary>
    public float StdevMaxChange { get; init; } = 0.2f;

    /// <summary>Scale of the initial centre (Gaussian, divided by √fan_in per layer); 0 starts from zeros (EvoJAX).</summary>
    public float InitScale { get; init; }

    /// <summary>The maximum speed in use.</summary>
    public float Speed => MaxSpeed ?? 2 * LearningRate;

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (Optimizer is not (ClipUp or Adam))
        {
            yield return $"pgpe.optimizer: must be clipup or adam (got {Sandbox.Core.Text.Quoted.Value(Optimizer)})";
        }
        if (!(LearningRate > 0) || !(LearningRate <= 10))
        {
            yield return $"pgpe.learning_rate: must be in (0, 10] (got {LearningRate})";
        }
        if (MaxSpeed is { } speed && (!(speed > 0) || !(speed <= 100)))
        {
            yield return $"pgpe.max_speed: must be in (0, 100] or null (got {speed})";
        }
        if (!(Momentum is >= 0 and < 1))
        {
            yield return $"pgpe.momentum: must be in [0, 1) (got {Momentum})";
        }
        if (!(InitStdev > 0) || !(InitStdev <= 100))
        {
            yield return $"pgpe.init_stdev: must be in (0, 100] (got {InitStdev})";
        }
        if (!(StdevLearningRate >= 0) || !(StdevLearningRate <= 10))
        {
            yield return $"pgpe.stdev_learning_rate: must be in [0, 10] (got {StdevLearningRate})";
        }
        if (!(StdevMaxChange > 0) || !(StdevMaxChange < 1))
        {
            yield return $"pgpe.stdev_max_change: must be in (0, 1) (got {StdevMaxChange})";
        }
        if (!(InitScale >= 0) || !(InitScale <= 100))
        {
            yield return $"pgpe.init_scale: must be in [0, 100] (got {InitScale})";
        }
        if (config.Population % 2 != 0)
        {
            yield return $"population: PGPE samples symmetric pairs and needs an even population (got {config.Population})";
        }
    }
}
