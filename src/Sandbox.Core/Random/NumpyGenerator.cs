namespace Sandbox.Core.Random;

/// <summary>
/// <c>numpy.random.Generator(PCG64(SeedSequence(seed)))</c>, the stream behind Gymnasium's
/// <c>env.np_random</c>: the same seed gives the same draws as Gymnasium (uniform, integers, random).
/// Reseeding reuses the instance, so environments allocate nothing per reset.
/// </summary>
public sealed class NumpyGenerator
{
    private static readonly UInt128 Multiplier = new(0x2360ED051FC65DA4UL, 0x4385DF649FCCF645UL);

    private UInt128 _state;
    private UInt128 _increment;
    private bool _hasHalf;
    private uint _half;

    /// <summary>Creates a generator seeded like <c>np.random.default_rng(seed)</c>.</summary>
    public NumpyGenerator(ulong seed) => Reseed(seed);

    /// <summary>Restarts the stream from <paramref name="seed"/>, as <c>reset(seed=...)</c> does.</summary>
    public void Reseed(ulong seed)
    {
        Span<ulong> words = stackalloc ulong[4];
        NumpySeedSequence.GenerateState(seed, words);
        var initState = new UInt128(words[0], words[1]);
        var initSeq = new UInt128(words[2], words[3]);
        _increment = (initSeq << 1) | 1;
        _state = 0;
        _state = _state * Multiplier + _increment;
        _state += initState;
        _state = _state * Multiplier + _increment;
        _hasHalf = false;
        _half = 0;
    }

    /// <summary>The next raw 64-bit output (XSL-RR).</summary>
    public ulong NextUInt64()
    {
        _state = _state * Multiplier + _increment;
        ulong hi = (ulong)(_state >> 64);
        ulong lo = (ulong)_state;
        int rot = (int)(hi >> 58);
        return ulong.RotateRight(hi ^ lo, rot);
    }

    /// <summary>The next 32-bit output; NumPy keeps the unused upper half of a 64-bit draw for the next call.</summary>
    public uint NextUInt32()
    {
        if (_hasHalf)
        {
            _hasHalf = false;
            return _half;
        }
        ulong n = NextUInt64();
        _half = (uint)(n >> 32);
        _hasHalf = true;
        return (uint)n;
    }

    /// <summary><c>random()</c>: a double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary><c>uniform(low, high)</c> = low + (high - low)·random().</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary><c>integers(low, high)</c>: an integer in [low, high), Lemire's method on 32 bits as NumPy does.</summary>
    public long Integers(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentException("integers(low, high) needs low < high");
        }
        ulong range = (ulong)(high - low - 1);
        if (range == 0)
        {
            return low; // NumPy returns without drawing.
        }
        if (range >= uint.MaxValue)
        {
            throw new NotSupportedException("ranges of 2^32 or more are not used by these environments");
        }
        ulong extent = range + 1;
        ulong m = (ulong)NextUInt32() * extent;
        uint leftover = (uint)m;
        if (leftover < extent)
        {
            uint threshold = (uint)((uint.MaxValue - range) % extent);
            while (leftover < threshold)
            {
                m = (ulong)NextUInt32() * extent;
                leftover = (uint)m;
            }
        }
        return low + (long)(m >> 32);
    }
}
