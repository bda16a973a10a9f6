using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// The 16-lane twin of <see cref="NoiseTransforms"/>'s 8-lane transforms: the same IEEE operations in the same order,
/// so every lane gives the scalar twin's bits (a test runs it in software on CPUs without AVX-512).
/// </summary>
internal static class NoiseTransforms512
{
    private const float Inv24 = 1.0f / 16777216.0f; // 2^-24
    private const float Ln2 = 0.693147180559945f;
    private const float Sqrt2 = 1.41421356237310f;
    private const float InvSqrt2 = 0.707106781186548f;
    private const float HalfPi = 1.57079632679490f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Symmetric(Vector512<uint> bits) =>
        Vector512.ConvertToSingle((bits >> 8).AsInt32()) * Vector512.Create(2f * Inv24) - Vector512.Create(1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MinusTwoLog(Vector512<float> u)
    {
        var bits = u.AsUInt32();
        var e = (bits >> 23).AsInt32() - Vector512.Create(127);
        var m = ((bits & Vector512.Create(0x007FFFFFu)) | Vector512.Create(0x3F800000u)).AsSingle();
        var big = Vector512.GreaterThan(m, Vector512.Create(Sqrt2));
        m = Vector512.ConditionalSelect(big, m * Vector512.Create(0.5f), m);
        e -= big.AsInt32(); // all ones (−1) where the mantissa was halved
        var f = m - Vector512.Create(1f);
        var s = f / (Vector512.Create(2f) + f);
        var z = s * s;
        var series = s + s * z * (Vector512.Create(1f / 3f) + z * (Vector512.Create(1f / 5f) + z * (Vector512.Create(1f / 7f) + z * Vector512.Create(1f / 9f))));
        var log = Vector512.ConvertToSingle(e) * Vector512.Create(Ln2) + Vector512.Create(2f) * series;
        return Vector512.Create(-2f) * log;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosTurn(Vector512<float> v, out Vector512<float> sin, out Vector512<float> cos)
    {
        var t = v * Vector512.Create(4f);
        // Truncation; 0 <= t < 4, so the raw conversion equals the saturating one without its fix-up and blend.
        var q = Avx512F.IsSupported ? Avx512F.ConvertToVector512Int32WithTruncation(t) : Vector512.ConvertToInt32(t);
        var x = (t - Vector512.ConvertToSingle(q) - Vector512.Create(0.5f)) * Vector512.Create(HalfPi);
        var x2 = x * x;
        var sx = x + x * x2 * (Vector512.Create(-1f / 6f) + x2 * (Vector512.Create(1f / 120f) + x2 * (Vector512.Create(-1f / 5040f) + x2 * Vector512.Create(1f / 362880f))));
        var cx = Vector512.Create(1f) + x2 * (Vector512.Create(-0.5f) + x2 * (Vector512.Create(1f / 24f) + x2 * (Vector512.Create(-1f / 720f) + x2 * (Vector512.Create(1f / 40320f) + x2 * Vector512.Create(-1f / 3628800f)))));
        var sinT = (sx + cx) * Vector512.Create(InvSqrt2);
        var cosT = (cx - sx) * Vector512.Create(InvSqrt2);
        // Quadrant bits moved into place by shifts (bit 0 spread to a lane mask, bit 1 to the sign bit) rather
        // than compares into mask registers and back.
        var odd = ((q << 31) >> 31).AsSingle();
        var a = Vector512.ConditionalSelect(odd, cosT, sinT);
        var b = Vector512.ConditionalSelect(odd, sinT, cosT);
        var signBit = Vector512.Create(0x80000000u);
        var negSin = ((q.AsUInt32() << 30) & signBit).AsSingle();
        var negCos = (((q + Vector512.Create(1)).AsUInt32() << 30) & signBit).AsSingle();
        sin = a ^ negSin;
        cos = b ^ negCos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector512<uint> a, Vector512<uint> b, float scale, out Vector512<float> z0, out Vector512<float> z1)
    {
        var u = Vector512.ConvertToSingle(((a >> 8) + Vector512.Create(1u)).AsInt32()) * Vector512.Create(Inv24);
        var v = Vector512.ConvertToSingle((b >> 8).AsInt32()) * Vector512.Create(Inv24);
        var radius = Vector512.Sqrt(MinusTwoLog(u)) * Vector512.Create(scale);
        SinCosTurn(v, out var sin, out var cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }
}
