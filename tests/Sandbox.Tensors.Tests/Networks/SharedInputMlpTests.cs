using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Networks;

namespace Sandbox.Tensors.Tests.Networks;

public sealed class SharedInputMlpTests
{
    private static float[] RandomArray(System.Random rng, int n, double scale = 1) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

    private sealed record Candidate(float[][] W, float[][] B);

    private static Candidate[] Load(SharedInputMlp net, int[] sizes, int population, System.Random rng)
    {
        var candidates = new Candidate[population];
        for (int p = 0; p < population; p++)
        {
            var w = new float[sizes.Length - 1][];
            var b = new float[sizes.Length - 1][];
            for (int l = 0; l < sizes.Length - 1; l++)
            {
                w[l] = RandomArray(rng, sizes[l] * sizes[l + 1], 2.0 / Math.Sqrt(sizes[l]));
                b[l] = RandomArray(rng, sizes[l + 1], 0.3);
                w[l].CopyTo(net.Weights(l, p));
                b[l].CopyTo(net.Biases(l, p));
            }
            candidates[p] = new Candidate(w, b);
        }
        net.Commit(population);
        return candidates;
    }

    [Theory]
    [InlineData(new[] { 12, 16, 5 }, 4, 9, Activation.Relu)]
    [InlineData(new[] { 12, 16, 8, 5 }, 3, 17, Activation.Tanh)]
    [InlineData(new[] { 7, 3 }, 2, 5, Activation.Sigmoid)]
    public void Logits_match_the_plain_definition_for_every_candidate_on_the_shared_batch(int[] sizes, int population, int batch, Activation activation)
    {
        var rng = new System.Random(11);
        using var net = new SharedInputMlp(sizes, population, batch, activation, ComputeDevice.Cpu);
        var candidates = Load(net, sizes, population, rng);
        var x = RandomArray(rng, batch * sizes[0]);
        x.CopyTo(net.Input);
        net.Forward();
        for (int p = 0; p < population; p++)
        {
            var logits = net.Logits(p);
            for (int e = 0; e < batch; e++)
            {
                var expected = BatchedMlpTests.Reference(sizes, candidates[p].W, candidates[p].B, x.AsSpan(e * sizes[0], sizes[0]), activation);
                for (int k = 0; k < expected.Length; k++)
                {
                    Assert.Equal(expected[k], logits[k * batch + e], 1e-4);
                }
            }
        }
    }

    [Fact]
    public void Cross_entropy_and_accuracy_match_the_definition()
    {
        int[] sizes = [10, 20, 4];
        int batch = 21; // not a multiple of 8: the vector path and its scalar twin both run
        var rng = new System.Random(5);
        using var net = new SharedInputMlp(sizes, 3, batch, Activation.Relu, ComputeDevice.Cpu);
        Load(net, sizes, 3, rng);
        RandomArray(rng, batch * sizes[0]).CopyTo(net.Input);
        var labels = Enumerable.Range(0, batch).Select(_ => rng.Next(4)).ToArray();
        net.Forward();
        for (int p = 0; p < 3; p++)
        {
            var logits = net.Logits(p).ToArray();
            double loss = 0;
            int correct = 0;
            for (int e = 0; e < batch; e++)
            {
                var z = Enumerable.Range(0, 4).Select(k => (double)logits[k * batch + e]).ToArray();
                double max = z.Max();
                loss += Math.Log(z.Sum(v => Math.Exp(v - max))) + max - z[labels[e]];
                correct += Array.IndexOf(z, max) == labels[e] ? 1 : 0;
            }
            var (actualLoss, actualCorrect) = net.Score(p, labels, batch);
            Assert.Equal(loss / batch, actualLoss, 1e-5);
            Assert.Equal(correct, actualCorrect);
        }
    }

    [Fact]
    public void A_candidate_s_logits_do_not_depend_on_the_other_candidates_or_the_population()
    {
        int[] sizes = [784, 32, 10];
        var rng = new System.Random(3);
        var x = RandomArray(rng, 64 * 784);
        var w = new[] { RandomArray(rng, 784 * 32, 0.05), RandomArray(rng, 320, 0.2) };
        var b = new[] { RandomArray(rng, 32, 0.1), RandomArray(rng, 10, 0.1) };
        float[] Run(int population, int slot)
        {
            using var net = new SharedInputMlp(sizes, population, 64, Activation.Relu, ComputeDevice.Cpu);
            var other = new System.Random(population);
            for (int p = 0; p < population; p++)
            {
                for (int l = 0; l < 2; l++)
                {
                    (p == slot ? w[l] : RandomArray(other, w[l].Length)).CopyTo(net.Weights(l, p));
                    (p == slot ? b[l] : RandomArray(other, b[l].Length)).CopyTo(net.Biases(l, p));
                }
            }
            net.Commit(population);
            x.CopyTo(net.Input);
            net.Forward();
            return net.Logits(slot).ToArray();
        }
        var alone = Run(1, 0);
        Assert.Equal(alone, Run(9, 4));
        Assert.Equal(alone, Run(40, 39));
    }

    [Fact]
    public void A_steady_state_forward_and_score_allocate_nothing_on_the_managed_heap()
    {
        int[] sizes = [64, 32, 16, 10];
        var rng = new System.Random(8);
        using var net = new SharedInputMlp(sizes, 16, 128, Activation.Relu, ComputeDevice.Cpu);
        Load(net, sizes, 16, rng);
        RandomArray(rng, 128 * 64).CopyTo(net.Input);
        var labels = Enumerable.Range(0, 128).Select(_ => rng.Next(10)).ToArray();
        net.Forward(); // warm-up
        net.Score(0, labels, 128);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            net.Forward();
            for (int p = 0; p < 16; p++)
            {
                net.Score(p, labels, 128);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
