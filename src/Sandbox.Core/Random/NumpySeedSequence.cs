namespace Sandbox.Core.Random;

/// <summary>
/// NumPy's <c>SeedSequence(seed)</c> reduced to what seeding PCG64 needs: the entropy pool mixing
/// and <c>generate_state(4 uint64)</c>. Bit-exact with NumPy, so seeded resets match Gymnasium's.
/// </summary>
public static class NumpySeedSequence
{
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int PoolSize = 4;

    /// <summary>Writes the four 64-bit state words NumPy derives from a non-negative integer seed.</summary>
    public static void GenerateState(ulong seed, Span<ulong> words)
    {
        if (words.Length != 4)
        {
            throw new ArgumentException("PCG64 seeding takes exactly four words", nameof(words));
        }

        // Entropy: the seed as 32-bit words, least significant first; zero is the single word [0].
        Span<uint> entropy = stackalloc uint[2];
        int entropyCount = seed >> 32 == 0 ? 1 : 2;
        entropy[0] = (uint)seed;
        entropy[1] = (uint)(seed >> 32);

        Span<uint> pool = stackalloc uint[PoolSize];
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
        {
            pool[i] = HashMix(i < entropyCount ? entropy[i] : 0u, ref hashConst);
        }
        for (int src = 0; src < PoolSize; src++)
        {
            for (int dst = 0; dst < PoolSize; dst++)
            {
                if (src != dst)
                {
                    pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
                }
            }
        }
        // Entropy words beyond the pool size never occur for a 64-bit seed (at most 2 words).

        uint h = InitB;
        Span<uint> output = stackalloc uint[8];
        for (int i = 0; i < 8; i++)
        {
            uint v = pool[i % PoolSize];
            v ^= h;
            h *= MultB;
            v *= h;
            v ^= v >> 16;
            output[i] = v;
        }
        for (int k = 0; k < 4; k++)
        {
            words[k] = output[2 * k] | ((ulong)output[2 * k + 1] << 32);
        }
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> 16;
        return value;
    }

    private static uint Mix(uint x, uint y)
    {
        uint r = MixMultL * x - MixMultR * y;
        r ^= r >> 16;
        return r;
    }
}
