using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// Batch norm with batch statistics, ReLU and (optionally) 2×2 average pooling in two passes over the activations
/// instead of libtorch's five (statistics, normalise, ReLU, pool and a copy for each): at RSO's batch sizes these
/// memory-bound steps, not the convolutions, were most of a candidate's time. The input [G·N, C, H, W] holds G
/// groups of N examples (RSO's candidates stacked along the batch); each group has its own statistics per channel,
/// as if each had been normalised alone. Statistics are shifted sums (by one value of the group's channel) in float
/// within an H×W plane and double across planes, so they do not lose the variance when the mean is large.
/// Every result is independent of the thread count.
/// </summary>
public static class FusedBatchNorm
{
    /// <summary>
    /// relu(γ_c (x − μ_gc) / √(σ²_gc + ε) + β_c), then 2×2 average pooling if <paramref name="pool"/>, as a new
    /// tensor, or without pooling in place in <paramref name="x"/> (returned as an alias) when
    /// <paramref name="overwrite"/>. <paramref name="x"/> must be a contiguous float32 CPU tensor; with pooling its H
    /// and W must be even.
    /// </summary>
    public static unsafe Tensor NormaliseRelu(Tensor x, int groups, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, double epsilon, bool pool, int threads, bool overwrite = false)
    {
        if (x.dim() != 4 || x.shape[0] % groups != 0 || gamma.Length != x.shape[1] || beta.Length != x.shape[1])
        {
            throw new ArgumentException($"expected [G·N, C, H, W] with C = {gamma.Length} and G = {groups} dividing the batch, got [{string.Join(", ", x.shape)}]");
        }
        int n = (int)(x.shape[0] / groups), c = (int)x.shape[1], h = (int)x.shape[2], w = (int)x.shape[3];
        if (pool && (h % 2 != 0 || w % 2 != 0))
        {
            throw new ArgumentException($"2×2 pooling needs an even height and width, got {h}×{w}");
        }
        int plane = h * w;
        var scale = new float[groups * c];
        var shift = new float[groups * c];
        var output = pool ? empty(x.shape[0], c, h / 2, w / 2) : overwrite ? x.alias() : empty_like(x);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        fixed (float* source = TensorCopy.Floats(x))
        fixed (float* target = TensorCopy.Floats(output))
        fixed (float* g = gamma)
        fixed (float* b = beta)
        {
            float* xs = source, ys = target, gs = g, bs = b;
            Parallel.For(0, groups * c, options, item =>
            {
                int group = item / c, channel = item % c;
                var (mean, variance) = Statistics(xs, group * n, n, c, channel, plane);
                float s = (float)(gs[channel] / Math.Sqrt(variance + epsilon));
                scale[item] = s;
                shift[item] = (float)(bs[channel] - mean * s);
            });
            const int ExamplesPerItem = 16;
            int items = (int)((x.shape[0] + ExamplesPerItem - 1) / ExamplesPerItem);
            long total = x.shape[0];
            Parallel.For(0, items, options, item =>
            {
                long last = Math.Min(total, (long)(item + 1) * ExamplesPerItem);
                for (long e = (long)item * ExamplesPerItem; e < last; e++)
                {
                    int group = (int)(e / n);
                    for (int ch = 0; ch < c; ch++)
                    {
                        float a = scale[group * c + ch], d = shift[group * c + ch];
                        float* p = xs + (e * c + ch) * plane;
                        if (pool)
                        {
                            Pool(p, ys + (e * c + ch) * (plane / 4), h, w, a, d);
                        }
                        else
                        {
                            Apply(p, ys + (e * c + ch) * plane, plane, a, d);
                        }
                    }
                }
            });
        }
        return output;
    }

    /// <summary>Mean and biased variance of channel <paramref name="channel"/> over <paramref name="count"/> examples from <paramref name="first"/>.</summary>
    private static unsafe (double Mean, double Variance) Statistics(float* x, long first, int count, int c, int channel, int plane)
    {
        float origin = x[(first * c + channel) * plane];
        var o = Vector256.Create(origin);
        double sum = 0, squares = 0;
        for (long e = first; e < first + count; e++)
        {
            float* p = x + (e * c + channel) * plane;
            var s1 = Vector256<float>.Zero;
            var s2 = Vector256<float>.Zero;
            int i = 0;
            for (; i + 8 <= plane; i += 8)
            {
                var v = Vector256.Load(p + i) - o;
                s1 += v;
                s2 += v * v;
            }
            float t1 = Vector256.Sum(s1), t2 = Vector256.Sum(s2);
            for (; i < plane; i++)
            {
                float v = p[i] - origin;
                t1 += v;
                t2 += v * v;
            }
            sum += t1;
            squares += t2;
        }
        double m = (double)count * plane;
        double shifted = sum / m;
        return (origin + shifted, Math.Max(0, squares / m - shifted * shifted));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Apply(float* p, float* output, int length, float scale, float shift)
    {
        var a = Vector256.Create(scale);
        var d = Vector256.Create(shift);
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            Vector256.Max(Vector256.Load(p + i) * a + d, Vector256<float>.Zero).Store(output + i);
        }
        for (; i < length; i++)
        {
            output[i] = MathF.Max(p[i] * scale + shift, 0f);
        }
    }

    /// <summary>One plane: normalise, ReLU, then the mean of each 2×2 block (rows summed as vectors, then pairs of columns).</summary>
    private static unsafe void Pool(float* p, float* output, int h, int w, float scale, float shift)
    {
        var a = Vector256.Create(scale);
        var d = Vector256.Create(shift);
        float* rows = stackalloc float[w];
        for (int r = 0; r < h; r += 2)
        {
            float* top = p + r * w, bottom = top + w;
            int i = 0;
            for (; i + 8 <= w; i += 8)
            {
                var u = Vector256.Max(Vector256.Load(top + i) * a + d, Vector256<float>.Zero);
                var v = Vector256.Max(Vector256.Load(bottom + i) * a + d, Vector256<float>.Zero);
                (u + v).Store(rows + i);
            }
            for (; i < w; i++)
            {
                rows[i] = MathF.Max(top[i] * scale + shift, 0f) + MathF.Max(bottom[i] * scale + shift, 0f);
            }
            float* o = output + r / 2 * (w / 2);
            for (int j = 0; j < w / 2; j++)
            {
                o[j] = (rows[2 * j] + rows[2 * j + 1]) * 0.25f;
            }
        }
    }
}
