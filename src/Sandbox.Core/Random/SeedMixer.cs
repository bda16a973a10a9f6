namespace Sandbox.Core.Random;

/// <summary>Derives independent 64-bit seeds from a parent seed and a path of integers (SplitMix64 finaliser).</summary>
public static class SeedMixer
{
    /// <summary>A well-mixed 64-bit value of (<paramref name="seed"/>, <paramref name="a"/>).</summary>
    public static ulong Mix(ulong seed, ulong a)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (a + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Mixes a path of two values.</summary>
    public static ulong Mix(ulong seed, ulong a, ulong b) => Mix(Mix(seed, a), b);

    /// <summary>Mixes a path of three values.</summary>
    public static ulong Mix(ulong seed, ulong a, ulong b, ulong c) => Mix(Mix(Mix(seed, a), b), c);

    /// <summary>
    /// A Gymnasium-style episode seed: non-negative and below 2^31, so it is also valid for tools that
    /// take 32-bit seeds.
    /// </summary>
    public static long EpisodeSeed(ulong runSeed, int generation, int index) =>
        (long)(Mix(runSeed, 0xE915_0DE5UL, (ulong)generation, (ulong)index) >> 33);
}
