using System.Runtime.CompilerServices;

namespace Sandbox.Core.Random;

/// <summary>
/// The Philox4x32-10 counter-based generator (Salmon et al., 2011): a keyed bijection of a 128-bit
/// counter, so any block of the stream is computed directly, in any process, without the blocks before it.
/// </summary>
public static class Philox4x32
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9;
    private const uint W1 = 0xBB67AE85;

    /// <summary>The standard round count (Philox4x32-10), which every stream uses unless it says otherwise.</summary>
    public const int Rounds = 10;

    /// <summary>Four 32-bit outputs of one counter value.</summary>
    public readonly record struct Block(uint X0, uint X1, uint X2, uint X3);

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds (ten unless a stream asks for fewer) on (<paramref name="c0"/>..<paramref name="c3"/>)
    /// under key (<paramref name="k0"/>, <paramref name="k1"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Block Generate(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, int rounds = Rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n1 = (uint)p1;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            uint n3 = (uint)p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        return new Block(c0, c1, c2, c3);
    }
}
