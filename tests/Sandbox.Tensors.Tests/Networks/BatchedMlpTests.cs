using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Loading;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Tests.Networks;

public sealed class BatchedMlpTests
{
    private static float[] RandomArray(System.Random rng, int n, double scale = 1) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

    /// <summary>The plain definition: hidden layers with <paramref name="activation"/>, linear output, in double.</summary>
    internal static double[] Reference(int[] sizes, float[][] w, float[][] b, ReadOnlySpan<float> x, Activation activation = Activation.Tanh)
    {
        double[] h = x.ToArray().Select(v => (double)v).ToArray();
        for (int l = 0; l < sizes.Length - 1; l++)
        {
            var next = new double[sizes[l + 1]];
            for (int j = 0; j < next.Length; j++)
            {
                double z = b[l][j];
                for (int i = 0; i < h.Length; i++)
                {
                    z += h[i] * w[l][i * next.Length + j];
                }
                next[j] = l < sizes.Length - 2 ? Activate(z, activation) : z;
            }
            h = next;
        }
        return h;
    }

    internal static double Activate(double z, Activation activation) => activation switch
    {
        Activation.Relu => Math.Max(0, z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        _ => Math.Tanh(z),
    };

    [Theory]
    [InlineData(new[] { 4, 64, 64, 2 }, 5, 3, Activation.Tanh)]
    [InlineData(new[] { 8, 16, 4 }, 3, 2, Activation.Tanh)]
    [InlineData(new[] { 3, 2 }, 2, 4, Activation.Tanh)]
    [InlineData(new[] { 6, 32, 16, 3 }, 4, 3, Activation.Relu)]
    [InlineData(new[] { 6, 32, 16, 3 }, 4, 3, Activation.Sigmoid)]
    public void Matches_the_definition_for_each_activation(int[] sizes, int population, int rows, Activation activation)
    {
        var rng = new System.Random(1);
        using var mlp = new BatchedMlp(sizes, population, rows, OutputHead.Tanh, ComputeDevice.Cpu, activation);
        var weights = new float[population][][];
        var biases = new float[population][][];
        for (int p = 0; p < population; p++)
        {
            weights[p] = new float[sizes.Length - 1][];
            biases[p] = new float[sizes.Length - 1][];
            for (int l = 0; l < sizes.Length - 1; l++)
            {
                weights[p][l] = RandomArray(rng, sizes[l] * sizes[l + 1], 1.0 / Math.Sqrt(sizes[l]));
                biases[p][l] = RandomArray(rng, sizes[l + 1], 0.3);
                weights[p][l].CopyTo(mlp.Weights(l, p));
                biases[p][l].CopyTo(mlp.Biases(l, p));
            }
            RandomArray(rng, rows * sizes[0]).CopyTo(mlp.Input(p));
        }
        mlp.Commit(population);
        mlp.Forward();
        for (int p = 0; p < population; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                var expected = Reference(sizes, weights[p], biases[p], mlp.Input(p).Slice(r * sizes[0], sizes[0]), activation);
                var actual = mlp.Output(p).Slice(r * sizes[^1], sizes[^1]);
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.Equal(Math.Tanh(expected[k]), actual[k], 1e-4);
                }
            }
        }
    }

    [Fact]
    public void ArgMax_head_picks_the_largest_output_and_compaction_keeps_the_right_candidates()
    {
        int[] sizes = [3, 8, 3];
        var rng = new System.Random(7);
        using var mlp = new BatchedMlp(sizes, 5, 2, OutputHead.ArgMax, ComputeDevice.Cpu);
        var w = new float[5][][];
        var b = new float[5][][];
        for (int p = 0; p < 5; p++)
        {
            w[p] = [RandomArray(rng, 24), RandomArray(rng, 24)];
            b[p] = [RandomArray(rng, 8), RandomArray(rng, 3)];
            for (int l = 0; l < 2; l++)
            {
                w[p][l].CopyTo(mlp.Weights(l, p));
                b[p][l].CopyTo(mlp.Biases(l, p));
            }
            RandomArray(rng, 6).CopyTo(mlp.Input(p));
        }
        mlp.Commit(5);
        mlp.Forward();
        int Expected(int p, ReadOnlySpan<float> x)
        {
            var y = Reference(sizes, w[p], b[p], x);
            return Array.IndexOf(y, y.Max());
        }
        for (int p = 0; p < 5; p++)
        {
            for (int r = 0; r < 2; r++)
            {
                Assert.Equal(Expected(p, mlp.Input(p).Slice(3 * r, 3)), mlp.ArgMax(p)[r]);
            }
        }

        // Keep candidates 3, 0 and 4 (in that order) of a two-layer network: their weights must follow them.
        mlp.Compact([3, 0, 4]);
        Assert.Equal(3, mlp.Population);
        int[] kept = [3, 0, 4];
        for (int slot = 0; slot < 3; slot++)
        {
            RandomArray(rng, 6).CopyTo(mlp.Input(slot));
        }
        mlp.Forward();
        for (int slot = 0; slot < 3; slot++)
        {
            for (int r = 0; r < 2; r++)
            {
                Assert.Equal(Expected(kept[slot], mlp.Input(slot).Slice(3 * r, 3)), mlp.ArgMax(slot)[r]);
            }
        }
    }

    [Fact]
    public void A_steady_state_forward_allocates_nothing_on_the_managed_heap()
    {
        int[] sizes = [8, 64, 64, 4];
        using var mlp = new BatchedMlp(sizes, 32, 5, OutputHead.ArgMax, ComputeDevice.Cpu);
        var rng = new System.Random(2);
        for (int p = 0; p < 32; p++)
        {
            for (int l = 0; l < 3; l++)
            {
                RandomArray(rng, sizes[l] * sizes[l + 1]).CopyTo(mlp.Weights(l, p));
            }
            RandomArray(rng, 5 * 8).CopyTo(mlp.Input(p));
        }
        mlp.Commit(32);
        mlp.Forward(); // warm-up: JIT and libtorch's first-call set-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            mlp.Forward();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Each_candidate_result_is_independent_of_the_batch_it_runs_in()
    {
        int[] sizes = [4, 64, 64, 2];
        var rng = new System.Random(3);
        var w = Enumerable.Range(0, 3).Select(l => RandomArray(rng, sizes[l] * sizes[l + 1])).ToArray();
        var x = RandomArray(rng, 5 * 4);
        float[] Run(int population, int slot)
        {
            using var mlp = new BatchedMlp(sizes, population, 5, OutputHead.Tanh, ComputeDevice.Cpu);
            var other = new System.Random(population);
            for (int p = 0; p < population; p++)
            {
                for (int l = 0; l < 3; l++)
                {
                    (p == slot ? w[l] : RandomArray(other, w[l].Length)).CopyTo(mlp.Weights(l, p));
                }
                (p == slot ? x : RandomArray(other, x.Length)).CopyTo(mlp.Input(p));
            }
            mlp.Commit(population);
            mlp.Forward();
            return mlp.Output(slot).ToArray();
        }
        var alone = Run(1, 0);
        Assert.Equal(alone, Run(7, 3));
        Assert.Equal(alone, Run(64, 63));
    }

    [Fact]
    public void The_out_products_equal_libtorch_s_allocating_ones()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 2, 5);
        var w = randn(3, 5, 4);
        var b = randn(3, 1, 4);
        var batched = zeros(3, 2, 4);
        Sandbox.Tensors.Native.TorchOut.BatchedProductAdd(batched, b, x, w);
        Assert.True(batched.allclose(x.bmm(w) + b, rtol: 1e-5, atol: 1e-6));
        var single = zeros(2, 4);
        Sandbox.Tensors.Native.TorchOut.ProductAdd(single, b[1], x[1], w[1]);
        Assert.True(single.allclose(x[1].mm(w[1]) + b[1], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Cuda_on_a_cpu_only_build_is_a_clear_error()
    {
        Assert.True(ComputeDevice.TryParse("cuda", out var cuda));
        Assert.SkipWhen(TorchSharp.torch.cuda.is_available(), "this machine has CUDA, so there is nothing to refuse (issue 10: skipped with a reason, not returned early)");
        var e = Assert.Throws<TorchUnavailableException>(() => cuda.Resolve());
        Assert.Contains("CPU-only", e.Message);
        Assert.False(ComputeDevice.TryParse("gpu", out _));
    }
}
