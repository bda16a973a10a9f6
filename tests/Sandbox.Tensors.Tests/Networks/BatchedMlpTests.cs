using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Loading;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Tests.Networks;

public sealed class BatchedMlpTests
{
    private static float[] RandomArray(System.Random rng, int n, double scale = 1) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

    /// <summary>The plain definition: tanh hidden layers, linear output, in double.</summary>
    private static double[] Reference(int[] sizes, float[][] w, float[][] b, ReadOnlySpan<float> x)
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
                next[j] = l < sizes.Length - 2 ? Math.Tanh(z) : z;
            }
            h = next;
        }
        return h;
    }

    [Theory]
    [InlineData(new[] { 4, 64, 64, 2 }, 5, 3)]
    [InlineData(new[] { 8, 16, 4 }, 3, 2)]
    [InlineData(new[] { 3, 2 }, 2, 4)]
    public void Matches_the_tanh_definition(int[] sizes, int population, int rows)
    {
        var rng = new System.Random(1);
        using var mlp = new BatchedMlp(sizes, population, rows, OutputHead.Tanh, ComputeDevice.Cpu);
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
                var expected = Reference(sizes, weights[p], biases[p], mlp.Input(p).Slice(r * sizes[0], sizes[0]));
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
        int[] sizes = [2, 3];
        using var mlp = new BatchedMlp(sizes, 4, 1, OutputHead.ArgMax, ComputeDevice.Cpu);
        for (int p = 0; p < 4; p++)
        {
            // Candidate p puts all weight on output p % 3.
            var w = mlp.Weights(0, p);
            w.Clear();
            w[p % 3] = 1;
            w[3 + p % 3] = 1;
            mlp.Input(p)[0] = 1;
            mlp.Input(p)[1] = 1;
        }
        mlp.Commit(4);
        mlp.Forward();
        for (int p = 0; p < 4; p++)
        {
            Assert.Equal(p % 3, mlp.ArgMax(p)[0]);
        }
        mlp.Compact([2, 1]);
        Assert.Equal(2, mlp.Population);
        mlp.Input(0)[0] = 1; mlp.Input(0)[1] = 1;
        mlp.Input(1)[0] = 1; mlp.Input(1)[1] = 1;
        mlp.Forward();
        Assert.Equal(2, mlp.ArgMax(0)[0]);
        Assert.Equal(1, mlp.ArgMax(1)[0]);
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
    public void TorchSharp_baddbmm_binding_adds_the_second_argument()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var x = randn(3, 2, 5);
        var w = randn(3, 5, 4);
        var b = randn(3, 1, 4);
        var expected = x.bmm(w) + b;
        var actual = BatchedMlp.AddBatchedProduct(x, w, b);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Cuda_on_a_cpu_only_build_is_a_clear_error()
    {
        TorchRuntime.EnsureInitialized();
        Assert.True(ComputeDevice.TryParse("cuda", out var cuda));
        if (TorchSharp.torch.cuda.is_available())
        {
            return; // a machine with CUDA: nothing to refuse
        }
        var e = Assert.Throws<TorchUnavailableException>(() => cuda.Resolve());
        Assert.Contains("CPU-only", e.Message);
        Assert.False(ComputeDevice.TryParse("gpu", out _));
    }
}
