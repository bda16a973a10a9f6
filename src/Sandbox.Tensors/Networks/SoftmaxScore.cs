using System.Runtime.Intrinsics;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// Softmax cross-entropy and accuracy of one candidate's logits, laid out [classes, stride] (one row per class,
/// one column per example). Eight examples at a time with a scalar twin for the rest; the summation order is
/// fixed by the example count alone, so the result never depends on how candidates were batched.
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
            Span<int> chosen = stackalloc int[8];
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
                    sum += Vector256.Exp(z - max);
                    target = Vector256.ConditionalSelect(Vector256.Equals(labelVector, Vector256.Create(k)).AsSingle(), z, target);
                }
                lossLanes += Vector256.Log(sum) + max - target;
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
            sum += MathF.Exp(logits[k * stride + j] - max);
        }
        float loss = MathF.Log(sum) + max - logits[label * stride + j];
        return (loss, argMax == label);
    }

    private static int BitCount(uint bits) => System.Numerics.BitOperations.PopCount(bits);
}
