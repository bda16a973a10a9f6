using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sandbox.Core.Random;

/// <summary>
/// Eight Philox4x32-10 blocks at once with AVX2: lane <c>i</c> holds block <c>first + i</c>. Bit-identical
/// to <see cref="Philox4x32.Generate"/> (a test compares them).
/// </summary>
public static class Philox4x32x8
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>Whether this CPU can run the vector path.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>Computes blocks <paramref name="first"/>..first+7 with the other counter words and key fixed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Generate(uint first, uint c1, uint c2, uint c3, uint k0, uint k1,
        out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
    {
        var v0 = Vector256.Create(first) + Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        var v1 = Vector256.Create(c1);
        var v2 = Vector256.Create(c2);
        var v3 = Vector256.Create(c3);
        var m0 = Vector256.Create(M0);
        var m1 = Vector256.Create(M1);
        for (int round = 0; round < 10; round++)
        {
            var kk0 = Vector256.Create(k0);
            var kk1 = Vector256.Create(k1);
            MultiplyWide(v0, m0, out var hi0, out var lo0);
            MultiplyWide(v2, m1, out var hi1, out var lo1);
            var n0 = hi1 ^ v1 ^ kk0;
            var n2 = hi0 ^ v3 ^ kk1;
            v0 = n0;
            v1 = lo1;
            v2 = n2;
            v3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        x0 = v0;
        x1 = v1;
        x2 = v2;
        x3 = v3;
    }

    /// <summary>The high and low 32 bits of each lane's 32×32-bit product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyWide(Vector256<uint> a, Vector256<uint> b, out Vector256<uint> hi, out Vector256<uint> lo)
    {
        lo = Avx2.MultiplyLow(a, b);
        var even = Avx2.Multiply(a, b).AsUInt32();                                        // products of lanes 0,2,4,6
        var odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), b).AsUInt32(); // lanes 1,3,5,7
        var evenHigh = Avx2.ShiftRightLogical(even.AsUInt64(), 32).AsUInt32();           // high words into even lanes
        hi = Avx2.Blend(evenHigh, odd, 0b1010_1010);                                     // odd lanes: high words already in place
    }
}
