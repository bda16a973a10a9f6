using System.Runtime.Intrinsics;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// Softmax cross-entropy and accuracy of one candidate's logits, laid out [classes, stride] (one row per class,
/// one column per example). Eight examples at a time with a scalar twin for the rest, both computing eˣ with
/// the same IEEE operations (our own polynomial: the runtime's vectorised Exp may change with the JIT tier or
/// the instruction set, and a fitness must be the same bits in every process); the summation order is fixed
/// by the example count alone, so the result never depends on how or where candidates were batched.
/// </summary>
public static class SoftmaxScore
{
    /// <summary>Mean cross-entropy over the <c>labels.Length</c> first examples, and how many the argmax got right.</summary>
    public static (double Loss, int Correct) Evaluate(ReadOnlySpan<float> logits, int classes, int stride, ReadOnlySpan<int> labels)
    {
        int count = labels.Length;
        if (count == 0)
        {
            return (0, 0);
        }
        if (classes < 1 || logits.Length < classes * stride || count > stride)
        {
            throw new ArgumentException("logits do not hold classes × stride values for the labelled examples");
        }
        double loss = 0;
        int correct = 0;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lossLanes = Vector256<float>.Zero;
            for (; j + 8 <= count; j += 8)
            {
                var labelVector = Vector256.Create(labels.Slice(j, 8));
                var max = Vector256.Create(logits.Slice(j, 8));
                var argMax = Vector256<int>.Zero;
                for (int k = 1; k < classes; k++)
                {
                    var z = Vector256.Create(logits.Slice(k * stride + j, 8));
                    var larger = Vector256.GreaterThan(z, max);
                    max = Vector256.Max(max, z);
                    argMax = Vector256.ConditionalSelect(larger.AsInt32(), Vector256.Create(k), argMax);
                }
                var sum = Vector256<float>.Zero;
                var target = Vector256<float>.Zero;
                for (int k = 0; k < classes; k++)
                {
                    var z = Vector256.Create(logits.Slice(k * stride + j, 8));
                    sum += Exp(z - max);
                    target = Vector256.ConditionalSelect(Vector256.Equals(labelVector, Vector256.Create(k)).AsSingle(), z, target);
                }
                lossLanes += Log(sum) + max - target;
                correct += BitCount(Vector256.Equals(argMax, labelVector).ExtractMostSignificantBits());
            }
            for (int lane = 0; lane < 8; lane++)
            {
                loss += lossLanes.GetElement(lane);
            }
        }
        for (; j < count; j++)
        {
            var (l, right) = Single(logits, classes, stride, j, labels[j]);
            loss += l;
            correct += right ? 1 : 0;
        }
        return (loss / count, correct);
    }

    /// <summary>The scalar twin: cross-entropy of example <paramref name="j"/> and whether its first argmax is the label.</summary>
    public static (double Loss, bool Correct) Single(ReadOnlySpan<float> logits, int classes, int stride, int j, int label)
    {
        float max = logits[j];
        int argMax = 0;
        for (int k = 1; k < classes; k++)
        {
            float z = logits[k * stride + j];
            if (z > max)
            {
                max = z;
                argMax = k;
            }
        }
        float sum = 0;
        for (int k = 0; k < classes; k++)
        {
            sum += Exp(logits[k * stride + j] - max);
        }
        float loss = Log(sum) + max - logits[label * stride + j];
        return (loss, argMax == label);
    }

    private static int BitCount(uint bits) => System.Numerics.BitOperations.PopCount(bits);

    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;          // ln 2 split so k·Ln2High is exact for |k| ≤ 127
    private const float Ln2Low = -2.12194440e-4f;
    private const float MinExponent = -87.3f;            // e^-87.3 is the smallest normal float: below it the term is negligible

    /// <summary>eˣ for x ≤ 0 (Cody–Waite reduction, degree-7 Taylor polynomial, relative error below 2e-7).</summary>
    internal static float Exp(float x)
    {
        x = MathF.Max(x, MinExponent);
        float k = MathF.Floor(x * Log2E + 0.5f);
        float r = x - k * Ln2High - k * Ln2Low;
        float p = 1f + r * (1f + r * (1f / 2 + r * (1f / 6 + r * (1f / 24 + r * (1f / 120 + r * (1f / 720 + r * (1f / 5040)))))));
        return p * BitConverter.Int32BitsToSingle(((int)k + 127) << 23);
    }

    /// <summary>The eight-lane twin of <see cref="Exp(float)"/>: the same operations in the same order.</summary>
    internal static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Max(x, Vector256.Create(MinExponent));
        var k = Vector256.Floor(x * Vector256.Create(Log2E) + Vector256.Create(0.5f));
        var r = x - k * Vector256.Create(Ln2High) - k * Vector256.Create(Ln2Low);
        var p = Vector256.Create(1f) + r * (Vector256.Create(1f) + r * (Vector256.Create(1f / 2) + r * (Vector256.Create(1f / 6)
            + r * (Vector256.Create(1f / 24) + r * (Vector256.Create(1f / 120) + r * (Vector256.Create(1f / 720) + r * Vector256.Create(1f / 5040)))))));
        var scale = ((Vector256.ConvertToInt32(k) + Vector256.Create(127)) << 23).AsSingle();
        return p * scale;
    }

    private const float Sqrt2 = 1.41421356237310f;
    private const float Ln2 = 0.693147180559945f;

    /// <summary>ln x for normal positive x (atanh series on the mantissa, relative error below 1e-7).</summary>
    internal static float Log(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        int e = (int)(bits >> 23) - 127;
        float m = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFF) | 0x3F800000);
        if (m > Sqrt2)
        {
            m *= 0.5f;
            e += 1;
        }
        float f = m - 1f;
        float t = f / (2f + f);
        float z = t * t;
        float series = t + t * z * (1f / 3f + z * (1f / 5f + z * (1f / 7f + z * (1f / 9f))));
        return e * Ln2 + 2f * series;
    }

    /// <summary>The eight-lane twin of <see cref="Log(float)"/>.</summary>
    internal static Vector256<float> Log(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var e = (bits >> 23).AsInt32() - Vector256.Create(127);
        var m = ((bits & Vector256.Create(0x007FFFFFu)) | Vector256.Create(0x3F800000u)).AsSingle();
        var big = Vector256.GreaterThan(m, Vector256.Create(Sqrt2));
        m = Vector256.ConditionalSelect(big, m * Vector256.Create(0.5f), m);
        e += big.AsInt32() & Vector256.Create(1);
        var f = m - Vector256.Create(1f);
        var t = f / (Vector256.Create(2f) + f);
        var z = t * t;
        var series = t + t * z * (Vector256.Create(1f / 3f) + z * (Vector256.Create(1f / 5f) + z * (Vector256.Create(1f / 7f) + z * Vector256.Create(1f / 9f))));
        return Vector256.ConvertToSingle(e) * Vector256.Create(Ln2) + Vector256.Create(2f) * series;
    }
}
