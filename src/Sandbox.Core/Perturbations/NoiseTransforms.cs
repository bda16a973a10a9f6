using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Random bits → noise values, in a scalar and an 8-lane form that use the same IEEE operations in
/// the same order (no library transcendentals, no fused multiply-add), so both give identical bits on
/// every machine. The Gaussian is Box–Muller with our own logarithm and sine/cosine polynomials
/// (relative error below 1e-6, far under the statistical noise they feed).
/// </summary>
internal static class NoiseTransforms
{
    private const float Inv24 = 1.0f / 16777216.0f; // 2^-24
    private const float Ln2 = 0.693147180559945f;
    private const float Sqrt2 = 1.41421356237310f;
    private const float InvSqrt2 = 0.707106781186548f;
    private const float HalfPi = 1.57079632679490f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Symmetric(uint bits) => (bits >> 8) * (2f * Inv24) - 1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Symmetric(Vector256<uint> bits) =>
        Vector256.ConvertToSingle((bits >> 8).AsInt32()) * Vector256.Create(2f * Inv24) - Vector256.Create(1f);

    /// <summary>−2·ln(u) for u in (0, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MinusTwoLog(float u)
    {
        uint bits = BitConverter.SingleToUInt32Bits(u);
        int e = (int)(bits >> 23) - 127;
        float m = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000);
        if (m > Sqrt2)
        {
            m *= 0.5f;
            e += 1;
        }
        float f = m - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float series = s + s * z * (1f / 3f + z * (1f / 5f + z * (1f / 7f + z * (1f / 9f))));
        float log = e * Ln2 + 2f * series;
        return -2f * log;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MinusTwoLog(Vector256<float> u)
    {
        var bits = u.AsUInt32();
        var e = (bits >> 23).AsInt32() - Vector256.Create(127);
        var m = ((bits & Vector256.Create(0x007FFFFFu)) | Vector256.Create(0x3F800000u)).AsSingle();
        var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
        e -= big.AsInt32(); // all ones (−1) where the mantissa was halved
        var f = m - Vector256.Create(1f);
        var s = f / (Vector256.Create(2f) + f);
        var z = s * s;
        var series = s + s * z * (Vector256.Create(1f / 3f) + z * (Vector256.Create(1f / 5f) + z * (Vector256.Create(1f / 7f) + z * Vector256.Create(1f / 9f))));
        var log = Vector256.ConvertToSingle(e) * Vector256.Create(Ln2) + Vector256.Create(2f) * series;
        return Vector256.Create(-2f) * log;
    }

    /// <summary>sin and cos of 2π·v for v in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurn(float v, out float sin, out float cos)
    {
        float t = v * 4f;
        int q = (int)t;
        float x = (t - q - 0.5f) * HalfPi; // [-π/4, π/4)
        float x2 = x * x;
        float sx = x + x * x2 * (-1f / 6f + x2 * (1f / 120f + x2 * (-1f / 5040f + x2 * (1f / 362880f))));
        float cx = 1f + x2 * (-0.5f + x2 * (1f / 24f + x2 * (-1f / 720f + x2 * (1f / 40320f + x2 * (-1f / 3628800f)))));
        float sinT = (sx + cx) * InvSqrt2; // angle x + π/4 within the quadrant
        float cosT = (cx - sx) * InvSqrt2;
        float a = (q & 1) != 0 ? cosT : sinT;
        float b = (q & 1) != 0 ? sinT : cosT;
        sin = (q & 2) != 0 ? -a : a;
        cos = ((q + 1) & 2) != 0 ? -b : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurn(Vector256<float> v, out Vector256<float> sin, out Vector256<float> cos)
    {
        var t = v * Vector256.Create(4f);
        // Truncation; 0 <= t < 4, so the raw conversion equals the saturating one without its fix-up.
        var q = Avx.IsSupported ? Avx.ConvertToVector256Int32WithTruncation(t) : Vector256.ConvertToInt32(t);
        var x = (t - Vector256.ConvertToSingle(q) - Vector256.Create(0.5f)) * Vector256.Create(HalfPi);
        var x2 = x * x;
        var sx = x + x * x2 * (Vector256.Create(-1f / 6f) + x2 * (Vector256.Create(1f / 120f) + x2 * (Vector256.Create(-1f / 5040f) + x2 * Vector256.Create(1f / 362880f))));
        var cx = Vector256.Create(1f) + x2 * (Vector256.Create(-0.5f) + x2 * (Vector256.Create(1f / 24f) + x2 * (Vector256.Create(-1f / 720f) + x2 * (Vector256.Create(1f / 40320f) + x2 * Vector256.Create(-1f / 3628800f)))));
        var sinT = (sx + cx) * Vector256.Create(InvSqrt2);
        var cosT = (cx - sx) * Vector256.Create(InvSqrt2);
        var odd = ((q << 31) >> 31).AsSingle(); // bit 0 spread to a lane mask
        var a = Vector256.ConditionalSelect(odd, cosT, sinT);
        var b = Vector256.ConditionalSelect(odd, sinT, cosT);
        var signBit = Vector256.Create(0x80000000u);
        var negSin = ((q.AsUInt32() << 30) & signBit).AsSingle(); // bit 1 moved to the sign bit
        var negCos = (((q + Vector256.Create(1)).AsUInt32() << 30) & signBit).AsSingle();
        sin = a ^ negSin;
        cos = b ^ negCos;
    }

    /// <summary>Two standard normals from two words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(uint a, uint b, float scale, out float z0, out float z1)
    {
        float u = ((a >> 8) + 1) * Inv24; // (0, 1]: the logarithm stays finite
        float v = (b >> 8) * Inv24;
        float radius = MathF.Sqrt(MinusTwoLog(u)) * scale;
        SinCosTurn(v, out float sin, out float cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector256<uint> a, Vector256<uint> b, float scale, out Vector256<float> z0, out Vector256<float> z1)
    {
        var u = Vector256.ConvertToSingle(((a >> 8) + Vector256.Create(1u)).AsInt32()) * Vector256.Create(Inv24);
        var v = Vector256.ConvertToSingle((b >> 8).AsInt32()) * Vector256.Create(Inv24);
        var radius = Vector256.Sqrt(MinusTwoLog(u)) * Vector256.Create(scale);
        SinCosTurn(v, out var sin, out var cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }
}
