namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// One compartment of the parameter vector (§3.1.1): parameters [<paramref name="Start"/>, Start + Length) get their
/// own base of <paramref name="Directions"/> directions, numbered from <paramref name="FirstDirection"/> across the
/// whole network (the direction number is the noise key's member, so every compartment draws different vectors).
/// </summary>
public readonly record struct Compartment(int Start, int Length, int FirstDirection, int Directions);

/// <summary>How the parameter vector is split into compartments and how the d directions are shared among them.</summary>
public static class Compartments
{
    /// <summary>
    /// The compartments for <paramref name="scheme"/>: "one" (the whole vector, d directions), "layer" (one per
    /// parameter block of <paramref name="layers"/>, directions in proportion to its size, at least one each) or a
    /// count K ("4": K equal parts, d/K directions each, the remainder to the first ones).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown scheme, or fewer directions than compartments.</exception>
    public static IReadOnlyList<Compartment> Split(string scheme, IReadOnlyList<int> layers, int directions)
    {
        int total = layers.Sum();
        int[] sizes;
        if (scheme == "one")
        {
            sizes = [total];
        }
        else if (scheme == "layer")
        {
            sizes = [.. layers];
        }
        else if (int.TryParse(scheme, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) && k >= 1 && k <= total)
        {
            sizes = [.. Enumerable.Range(0, k).Select(i => total / k + (i < total % k ? 1 : 0))];
        }
        else
        {
            throw new ArgumentException($"compartments '{scheme}' is unknown: use one, layer or a count between 1 and {total}");
        }
        if (directions < sizes.Length)
        {
            throw new ArgumentException($"{directions} directions cannot cover {sizes.Length} compartments: each needs at least one");
        }
        int[] counts = scheme == "layer" ? Proportional(sizes, directions) : [.. Enumerable.Range(0, sizes.Length).Select(i => directions / sizes.Length + (i < directions % sizes.Length ? 1 : 0))];
        var result = new Compartment[sizes.Length];
        int start = 0, first = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            result[i] = new Compartment(start, sizes[i], first, counts[i]);
            start += sizes[i];
            first += counts[i];
        }
        return result;
    }

    /// <summary>Directions in proportion to the sizes (largest remainders), at least one each, summing to <paramref name="directions"/>.</summary>
    private static int[] Proportional(int[] sizes, int directions)
    {
        long total = sizes.Sum(s => (long)s);
        int spare = directions - sizes.Length; // one each first
        var counts = sizes.Select(s => 1 + (int)(spare * (long)s / total)).ToArray();
        int left = directions - counts.Sum();
        foreach (int i in Enumerable.Range(0, sizes.Length).OrderByDescending(i => spare * (long)sizes[i] % total).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }
        return counts;
    }
}
