namespace Sandbox.Policies.Normalization;

/// <summary>Maps an observation to clip((o − mean) / std, −5, 5), as OpenAI-ES does; frozen for a generation.</summary>
public sealed class ObservationNormalizer
{
    /// <summary>Floor on the variance so constant components do not blow up.</summary>
    public const double MinVariance = 1e-2;

    /// <summary>Normalised values are clipped to ±this.</summary>
    public const float Clip = 5f;

    /// <summary>Creates a normalizer from per-component mean and standard deviation.</summary>
    public ObservationNormalizer(float[] mean, float[] std)
    {
        if (mean.Length != std.Length)
        {
            throw new ArgumentException("mean and std differ in length");
        }
        foreach (float s in std)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentException("standard deviations must be positive and finite");
            }
        }
        Mean = mean;
        Std = std;
    }

    /// <summary>Per-component mean.</summary>
    public float[] Mean { get; }

    /// <summary>Per-component standard deviation.</summary>
    public float[] Std { get; }

    /// <summary>Writes the normalised <paramref name="observation"/> into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> observation, Span<float> destination)
    {
        for (int i = 0; i < Mean.Length; i++)
        {
            destination[i] = Math.Clamp((observation[i] - Mean[i]) / Std[i], -Clip, Clip);
        }
    }
}
