using System.Globalization;

namespace Sandbox.Core.Spaces;

/// <summary>A one-dimensional float32 box with per-component bounds (infinite bounds allowed).</summary>
public sealed record BoxSpace : Space
{
    /// <summary>Creates a box from its bounds; both arrays must have the same length.</summary>
    public BoxSpace(float[] low, float[] high)
    {
        if (low.Length != high.Length || low.Length == 0)
        {
            throw new ArgumentException("box bounds must be non-empty and of equal length");
        }
        Low = low;
        High = high;
    }

    /// <summary>Creates a box with the same bounds on every one of <paramref name="size"/> components.</summary>
    public static BoxSpace Uniform(int size, float low, float high)
    {
        var lo = new float[size];
        var hi = new float[size];
        Array.Fill(lo, low);
        Array.Fill(hi, high);
        return new BoxSpace(lo, hi);
    }

    /// <summary>Lower bounds.</summary>
    public float[] Low { get; }

    /// <summary>Upper bounds.</summary>
    public float[] High { get; }

    /// <inheritdoc />
    public override int FlatSize => Low.Length;

    /// <summary>Whether every bound is finite (an action box must be, to be sampled or squashed into).</summary>
    public bool IsBounded
    {
        get
        {
            for (int i = 0; i < Low.Length; i++)
            {
                if (!float.IsFinite(Low[i]) || !float.IsFinite(High[i]))
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <inheritdoc />
    public override string Describe()
    {
        bool uniform = true;
        for (int i = 1; i < Low.Length; i++)
        {
            uniform &= Low[i] == Low[0] && High[i] == High[0];
        }
        string bounds = uniform
            ? $"{Format(Low[0])}, {Format(High[0])}"
            : $"[{string.Join(", ", Array.ConvertAll(Low, Format))}], [{string.Join(", ", Array.ConvertAll(High, Format))}]";
        return $"Box({bounds}, ({Low.Length},))";
    }

    /// <inheritdoc />
    public override bool IsCompatibleWith(Space other) => other is BoxSpace b && b.FlatSize == FlatSize;

    /// <inheritdoc />
    public bool Equals(BoxSpace? other) =>
        other is not null && Low.AsSpan().SequenceEqual(other.Low) && High.AsSpan().SequenceEqual(other.High);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Low.Length, Low[0], High[0]);

    private static string Format(float v) => float.IsPositiveInfinity(v) ? "inf"
        : float.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("0.####", CultureInfo.InvariantCulture);
}
