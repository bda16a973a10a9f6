namespace Sandbox.Policies.Normalization;

/// <summary>
/// Running count, sum and sum of squares of observations (double), mergeable in a fixed order so
/// the totals are the same whichever process collected which part.
/// </summary>
public sealed class ObservationStatistics
{
    /// <summary>Creates empty statistics for observations of <paramref name="size"/> values.</summary>
    public ObservationStatistics(int size)
    {
        Sum = new double[size];
        SumSquares = new double[size];
    }

    /// <summary>Creates statistics from saved totals.</summary>
    public ObservationStatistics(long count, double[] sum, double[] sumSquares)
    {
        if (sum.Length != sumSquares.Length)
        {
            throw new ArgumentException("sum and sum of squares differ in length");
        }
        Count = count;
        Sum = sum;
        SumSquares = sumSquares;
    }

    /// <summary>Observations seen.</summary>
    public long Count { get; private set; }

    /// <summary>Per-component sums.</summary>
    public double[] Sum { get; }

    /// <summary>Per-component sums of squares.</summary>
    public double[] SumSquares { get; }

    /// <summary>Adds one observation.</summary>
    public void Add(ReadOnlySpan<float> observation)
    {
        for (int i = 0; i < Sum.Length; i++)
        {
            double v = observation[i];
            Sum[i] += v;
            SumSquares[i] += v * v;
        }
        Count++;
    }

    /// <summary>Adds another set of totals.</summary>
    public void Merge(ObservationStatistics other)
    {
        for (int i = 0; i < Sum.Length; i++)
        {
            Sum[i] += other.Sum[i];
            SumSquares[i] += other.SumSquares[i];
        }
        Count += other.Count;
    }

    /// <summary>The totals as one vector [count, sums..., sums of squares...], merged by element-wise addition.</summary>
    public double[] ToVector()
    {
        var vector = new double[1 + 2 * Sum.Length];
        vector[0] = Count;
        Sum.CopyTo(vector, 1);
        SumSquares.CopyTo(vector, 1 + Sum.Length);
        return vector;
    }

    /// <summary>Adds totals in the <see cref="ToVector"/> layout; false (nothing added) when the layout does not fit.</summary>
    public bool TryMerge(ReadOnlySpan<double> vector)
    {
        int n = Sum.Length;
        if (vector.Length != 1 + 2 * n || !(vector[0] >= 0) || vector[0] > long.MaxValue / 2 || vector[0] != Math.Floor(vector[0]))
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            Sum[i] += vector[1 + i];
            SumSquares[i] += vector[1 + n + i];
        }
        Count += (long)vector[0];
        return true;
    }

    /// <summary>Clears the totals.</summary>
    public void Clear()
    {
        Array.Clear(Sum);
        Array.Clear(SumSquares);
        Count = 0;
    }

    /// <summary>A normalizer from these totals (identity when nothing was seen).</summary>
    public ObservationNormalizer ToNormalizer()
    {
        int n = Sum.Length;
        var mean = new float[n];
        var std = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (Count == 0)
            {
                std[i] = 1f;
                continue;
            }
            double m = Sum[i] / Count;
            double variance = Math.Max(SumSquares[i] / Count - m * m, ObservationNormalizer.MinVariance);
            // Statistics beyond float range (a damaged checkpoint, a diverging environment) must still give a
            // finite normaliser: clamp instead of letting the conversion produce ±∞.
            mean[i] = (float)Math.Clamp(m, float.MinValue, float.MaxValue);
            std[i] = (float)Math.Min(Math.Sqrt(variance), float.MaxValue);
        }
        return new ObservationNormalizer(mean, std);
    }
}
