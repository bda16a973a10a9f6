namespace Sandbox.Policies.Parameterizations;

/// <summary>
/// How scores become a binary mask: keep weights whose score exceeds <see cref="Threshold"/>, or,
/// when <see cref="TopFraction"/> is set, the highest-scoring fraction of each layer.
/// </summary>
public sealed record MaskRule(float Threshold = 0f, double? TopFraction = null)
{
    /// <summary>Checks the rule; returns a message naming the bad value, or null.</summary>
    public string? Validate()
    {
        if (!float.IsFinite(Threshold))
        {
            return $"threshold: must be finite (got {Threshold})";
        }
        if (TopFraction is { } f && (!(f > 0) || f > 1))
        {
            return $"top_k: must be in (0, 1] (got {f})";
        }
        return null;
    }

    /// <summary>A short description, e.g. <c>score &gt; 0</c> or <c>top 30% per layer</c>.</summary>
    public string Describe() => TopFraction is { } f ? $"top {f:P0} per layer" : $"score > {Threshold}";
}
