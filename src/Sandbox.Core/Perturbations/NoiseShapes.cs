using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sandbox.Core.Random;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// One distribution's transform of a group's four words into its four 8-lane (or 16-lane) outputs, as a static
/// interface so each generation loop is compiled once per distribution with no branch per group.
/// </summary>
internal interface INoiseShape
{
    /// <summary>Philox rounds per block (a constant in each compiled loop).</summary>
    static virtual int Rounds => Philox4x32.Rounds;

    static abstract void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3);

    static abstract void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3);
}

internal readonly struct GaussianShape : INoiseShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3)
    {
        NoiseTransforms.BoxMuller(x0, x1, scale, out o0, out o1);
        NoiseTransforms.BoxMuller(x2, x3, scale, out o2, out o3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        NoiseTransforms512.BoxMuller(x0, x1, scale, out o0, out o1);
        NoiseTransforms512.BoxMuller(x2, x3, scale, out o2, out o3);
    }
}

internal readonly struct FastGaussianShape : INoiseShape
{
    /// <summary>
    /// Seven: the fewest rounds at which Salmon et al. (2011) found Philox4x32 to pass TestU01's BigCrush (ten is
    /// their safety margin); the rounds are about half of a Gaussian's cost.
    /// </summary>
    public static int Rounds => 7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3)
    {
        TableBoxMuller.BoxMuller(x0, x1, scale, out o0, out o1);
        TableBoxMuller.BoxMuller(x2, x3, scale, out o2, out o3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        TableBoxMuller.BoxMuller(x0, x1, scale, out o0, out o1);
        TableBoxMuller.BoxMuller(x2, x3, scale, out o2, out o3);
    }
}

internal readonly struct UniformShape : INoiseShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3)
    {
        var s = Vector256.Create(scale);
        o0 = NoiseTransforms.Symmetric(x0) * s;
        o1 = NoiseTransforms.Symmetric(x1) * s;
        o2 = NoiseTransforms.Symmetric(x2) * s;
        o3 = NoiseTransforms.Symmetric(x3) * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        var s = Vector512.Create(scale);
        o0 = NoiseTransforms512.Symmetric(x0) * s;
        o1 = NoiseTransforms512.Symmetric(x1) * s;
        o2 = NoiseTransforms512.Symmetric(x2) * s;
        o3 = NoiseTransforms512.Symmetric(x3) * s;
    }
}

internal readonly struct RademacherShape : INoiseShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3)
    {
        var s = Vector256.Create(scale);
        var sign = Vector256.Create(0x80000000u);
        o0 = s ^ (x0 & sign).AsSingle();
        o1 = s ^ (x1 & sign).AsSingle();
        o2 = s ^ (x2 & sign).AsSingle();
        o3 = s ^ (x3 & sign).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        var s = Vector512.Create(scale);
        var sign = Vector512.Create(0x80000000u);
        o0 = s ^ (x0 & sign).AsSingle();
        o1 = s ^ (x1 & sign).AsSingle();
        o2 = s ^ (x2 & sign).AsSingle();
        o3 = s ^ (x3 & sign).AsSingle();
    }
}

internal readonly struct BernoulliShape : INoiseShape
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, float scale,
        out Vector256<float> o0, out Vector256<float> o1, out Vector256<float> o2, out Vector256<float> o3)
    {
        var s = Vector256.Create(scale);
        o0 = Vector256.ConvertToSingle((x0 >> 31).AsInt32()) * s;
        o1 = Vector256.ConvertToSingle((x1 >> 31).AsInt32()) * s;
        o2 = Vector256.ConvertToSingle((x2 >> 31).AsInt32()) * s;
        o3 = Vector256.ConvertToSingle((x3 >> 31).AsInt32()) * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, float scale,
        out Vector512<float> o0, out Vector512<float> o1, out Vector512<float> o2, out Vector512<float> o3)
    {
        var s = Vector512.Create(scale);
        o0 = Vector512.ConvertToSingle((x0 >> 31).AsInt32()) * s;
        o1 = Vector512.ConvertToSingle((x1 >> 31).AsInt32()) * s;
        o2 = Vector512.ConvertToSingle((x2 >> 31).AsInt32()) * s;
        o3 = Vector512.ConvertToSingle((x3 >> 31).AsInt32()) * s;
    }
}
