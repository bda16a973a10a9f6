using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sandbox.Core.Random;

/// <summary>
/// Philox4x32 (10 rounds, or as many as the caller passes, a constant once inlined) over many blocks that share their key and upper counter words, with the round keys broadcast once
/// per vector rather than once per block: 8 lanes (AVX2) or 16 lanes (AVX-512, or a portable software form that
/// tests use as the AVX-512 path's twin on CPUs without it). Lane <c>i</c> holds block <c>first + i</c>; every
/// lane equals <see cref="Philox4x32.Generate"/> of its block bit for bit.
/// </summary>
internal struct PhiloxLanes
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    [InlineArray(10)]
    private struct Rounds256
    {
        private Vector256<uint> _element;
    }

    [InlineArray(10)]
    private struct Rounds512
    {
        private Vector512<uint> _element;
    }

    private Rounds256 _k0;
    private Rounds256 _k1;
    private Rounds512 _k0x16;
    private Rounds512 _k1x16;
    private readonly Vector256<uint> _c1;
    private readonly Vector256<uint> _c3;
    private readonly Vector256<uint> _c2;
    private readonly bool _wide;

    /// <summary>The schedule for counter words (·, c1, c2, c3) under key (k0, k1); <paramref name="wide"/> also prepares the 16-lane form.</summary>
    public PhiloxLanes(uint c1, uint c2, uint c3, uint k0, uint k1, bool wide)
    {
        _c1 = Vector256.Create(c1);
        _c2 = Vector256.Create(c2);
        _c3 = Vector256.Create(c3);
        _wide = wide;
        for (int round = 0; round < 10; round++)
        {
            _k0[round] = Vector256.Create(k0);
            _k1[round] = Vector256.Create(k1);
            if (wide)
            {
                _k0x16[round] = Vector512.Create(k0);
                _k1x16[round] = Vector512.Create(k1);
            }
            k0 += W0;
            k1 += W1;
        }
    }

    /// <summary>Whether the 16-lane form runs on AVX-512 hardware rather than in software.</summary>
    public static bool Is512Accelerated => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary>Blocks <paramref name="first"/>..first+7 (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Generate8(uint first, int rounds, out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
    {
        var v0 = Vector256.Create(first) + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        var v1 = _c1;
        var v2 = _c2;
        var v3 = _c3;
        var m0 = Vector256.Create(M0);
        var m1 = Vector256.Create(M1);
        for (int round = 0; round < rounds; round++)
        {
            MultiplyWide(v0, m0, out var hi0, out var lo0);
            MultiplyWide(v2, m1, out var hi1, out var lo1);
            v0 = hi1 ^ v1 ^ _k0[round];
            v2 = hi0 ^ v3 ^ _k1[round];
            v1 = lo1;
            v3 = lo0;
        }
        x0 = v0;
        x1 = v1;
        x2 = v2;
        x3 = v3;
    }

    /// <summary>Blocks <paramref name="first"/>..first+15 (AVX-512, or the portable form when the schedule is wide but the CPU lacks it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Generate16(uint first, int rounds, out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3)
    {
        Start16(first, out x0, out x1, out x2, out x3);
        var m0 = Vector512.Create(M0);
        var m1 = Vector512.Create(M1);
        for (int round = 0; round < rounds; round++)
        {
            Round(ref x0, ref x1, ref x2, ref x3, m0, m1, _k0x16[round], _k1x16[round]);
        }
    }

    /// <summary>
    /// Blocks <paramref name="first"/>..first+31 as two 16-lane sets, their rounds interleaved: each set's
    /// multiply–permute chain is long, and two independent chains keep the vector units busy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Generate32(uint first, int rounds, out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3,
        out Vector512<uint> y0, out Vector512<uint> y1, out Vector512<uint> y2, out Vector512<uint> y3)
    {
        Start16(first, out x0, out x1, out x2, out x3);
        Start16(first + 16, out y0, out y1, out y2, out y3);
        var m0 = Vector512.Create(M0);
        var m1 = Vector512.Create(M1);
        for (int round = 0; round < rounds; round++)
        {
            var k0 = _k0x16[round];
            var k1 = _k1x16[round];
            Round(ref x0, ref x1, ref x2, ref x3, m0, m1, k0, k1);
            Round(ref y0, ref y1, ref y2, ref y3, m0, m1, k0, k1);
        }
    }

    /// <summary>The counters of blocks <paramref name="first"/>..first+15 before the first round.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Start16(uint first, out Vector512<uint> v0, out Vector512<uint> v1, out Vector512<uint> v2, out Vector512<uint> v3)
    {
        if (!_wide)
        {
            throw new InvalidOperationException("the 16-lane Philox form needs a wide schedule");
        }
        v0 = Vector512.Create(first) + Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        v1 = Vector512.Create(_c1, _c1);
        v2 = Vector512.Create(_c2, _c2);
        v3 = Vector512.Create(_c3, _c3);
    }

    /// <summary>One Philox round over 16 lanes with multipliers (<paramref name="m0"/>, <paramref name="m1"/>) and round keys (<paramref name="k0"/>, <paramref name="k1"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector512<uint> v0, ref Vector512<uint> v1, ref Vector512<uint> v2, ref Vector512<uint> v3,
        Vector512<uint> m0, Vector512<uint> m1, Vector512<uint> k0, Vector512<uint> k1)
    {
        MultiplyWide(v0, m0, out var hi0, out var lo0);
        MultiplyWide(v2, m1, out var hi1, out var lo1);
        v0 = Xor3(hi1, v1, k0);
        v2 = Xor3(hi0, v3, k1);
        v1 = lo1;
        v3 = lo0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Xor3(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c) =>
        Avx512F.IsSupported ? Avx512F.TernaryLogic(a, b, c, 0x96) : a ^ b ^ c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyWide(Vector256<uint> a, Vector256<uint> b, out Vector256<uint> hi, out Vector256<uint> lo)
    {
        lo = Avx2.MultiplyLow(a, b);
        var even = Avx2.Multiply(a, b).AsUInt32();                                          // lanes 0,2,4,6
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), b).AsUInt32(); // lanes 1,3,5,7
        hi = Avx2.Blend(Avx2.ShiftRightLogical(even.AsUInt64(), 32).AsUInt32(), odd, 0b1010_1010);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyWide(Vector512<uint> a, Vector512<uint> b, out Vector512<uint> hi, out Vector512<uint> lo)
    {
        if (Avx512F.IsSupported)
        {
            // Both halves come from the two 32×32→64 products, each gathered by one two-table permute: no
            // vpmulld (two uops) and no shift-and-blend, which leaves the ports to the transforms.
            var even = Avx512F.Multiply(a, b).AsUInt32();                                                // products of lanes 0,2,…
            var odd = Avx512F.Multiply(Avx512F.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), b).AsUInt32(); // of lanes 1,3,…
            lo = Avx512F.PermuteVar16x32x2(even, Vector512.Create(0u, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30), odd);
            hi = Avx512F.PermuteVar16x32x2(even, Vector512.Create(1u, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31), odd);
            return;
        }
        // Portable twin: widen to 64-bit lanes, multiply, keep both halves.
        var (aLow, aHigh) = Vector512.Widen(a);
        var (bLow, bHigh) = Vector512.Widen(b);
        var pLow = aLow * bLow;
        var pHigh = aHigh * bHigh;
        lo = Vector512.Narrow(pLow, pHigh);
        hi = Vector512.Narrow(pLow >> 32, pHigh >> 32);
    }
}
