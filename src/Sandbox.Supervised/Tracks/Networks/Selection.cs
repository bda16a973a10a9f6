namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// The k-th smallest of a set of floats, by selection rather than sorting. libtorch's kthvalue selects too, but it
/// carries an index array along and measured several times slower than an FC layer's forward product on 235 200
/// scores. <see cref="KthSmallestNonNegative"/> narrows the search with one histogram pass over the float bits
/// (non-negative floats order like their bit patterns) and finishes with quickselect on one small bucket.
/// </summary>
public static class Selection
{
    private const int BucketShift = 16;

    [ThreadStatic]
    private static int[]? _counts;

    [ThreadStatic]
    private static float[]? _bucket;

    /// <summary>
    /// The value at index <paramref name="k"/> (0-based) of the sorted <paramref name="values"/>, which must be
    /// non-negative (magnitudes; +0 but not −0). Two passes over the data plus a quickselect over one bucket;
    /// <paramref name="values"/> is left unchanged.
    /// </summary>
    public static float KthSmallestNonNegative(ReadOnlySpan<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var counts = _counts ??= new int[1 << (32 - BucketShift)];
        Array.Clear(counts);
        var bits = System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(values);
        foreach (uint b in bits)
        {
            counts[b >> BucketShift]++;
        }
        int bucket = 0, before = 0;
        while (before + counts[bucket] <= k)
        {
            before += counts[bucket++];
        }
        var members = _bucket is { } m && m.Length >= counts[bucket] ? m : _bucket = new float[Math.Max(counts[bucket], 1024)];
        int n = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] >> BucketShift == (uint)bucket)
            {
                members[n++] = values[i];
            }
        }
        return KthSmallest(members.AsSpan(0, n), k - before);
    }

    /// <summary>The value that would sit at index <paramref name="k"/> (0-based) if <paramref name="values"/> were sorted; reorders <paramref name="values"/>.</summary>
    public static float KthSmallest(Span<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            if (values[mid] < values[lo])
            {
                (values[mid], values[lo]) = (values[lo], values[mid]);
            }
            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }
            if (values[hi] < values[mid])
            {
                (values[hi], values[mid]) = (values[mid], values[hi]);
            }
            float pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // [lo, j] ≤ pivot ≤ [i, hi], and everything strictly between j and i equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }
        return values[k];
    }
}
