using Sandbox.Core.Perturbations;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Rso;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class RsoTests
{
    private static readonly RsoTrack Track = new();

    private static (Tensor Images, Tensor Labels) Batch(int count)
    {
        var train = TrackTestData.LoadMnist().Train;
        var images = TensorCopy.FromSpan(train.Pixels.Span[..(count * train.SampleSize)], count, 1, 28, 28);
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = train.Labels.Span[i];
        }
        return (images, tensor(labels));
    }

    private static RsoNetwork Network(Tensor images)
    {
        var network = RsoNetwork.Create(RsoArchitecture.Create("mnist6", 1, 28, 28, 10)!, 5);
        network.Calibrate(images, 100);
        return network;
    }

    /// <summary>Mean cross-entropy of the full forward the search of <paramref name="layer"/> stands for.</summary>
    private static float FullLoss(RsoNetwork network, Tensor images, Tensor labels, int layer)
    {
        using var logits = network.SearchLogits(images, layer);
        using var loss = F.cross_entropy(logits, labels);
        return loss.item<float>();
    }

    private static void Near(float expected, float actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-4f * Math.Max(1f, Math.Abs(expected)), $"{what}: full forward {expected}, cached {actual}");

    [Fact]
    public void Cached_incremental_candidate_losses_equal_the_full_forward_in_every_layer_before_and_after_accepting()
    {
        using var _ = no_grad();
        var (images, labels) = Batch(200);
        using var network = Network(images);
        CheckEveryLayer(network, images, labels);
        images.Dispose();
        labels.Dispose();
    }

    [Theory]
    [InlineData("depth3")]
    [InlineData("depth5")]
    [InlineData("depth10")]
    public void Cifar_networks_cached_candidate_losses_equal_the_full_forward_in_every_layer_before_and_after_accepting(string name)
    {
        using var _ = no_grad();
        var (images, labels) = CifarBatch(48);
        using var network = RsoNetwork.Create(RsoArchitecture.Create(name, 3, 32, 32, 10)!, 9);
        network.Calibrate(images, 24);
        CheckEveryLayer(network, images, labels);
        images.Dispose();
        labels.Dispose();
    }

    /// <summary>CIFAR-shaped images (standard-normal pixels from a noise stream) and labels 0…9 in turn.</summary>
    private static (Tensor Images, Tensor Labels) CifarBatch(int count)
    {
        var pixels = new float[count * 3 * 32 * 32];
        PerturbationGenerator.Fill(pixels, new NoiseKey(11, NoiseKey.SearchStream, 0, 0), 0, NoiseDistribution.Gaussian, 1f);
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % 10;
        }
        return (TensorCopy.FromSpan(pixels, count, 3, 32, 32), tensor(labels));
    }

    /// <summary>
    /// For every convolution: the loaded state, ±Δ candidates of two weights, accepting one, and a batch-norm scale
    /// candidate and its acceptance, each against the full forward the search stands for.
    /// </summary>
    private static void CheckEveryLayer(RsoNetwork network, Tensor images, Tensor labels)
    {
        for (int layer = 0; layer < network.ConvCount; layer++)
        {
            using var search = new RsoConvSearch(network, layer);
            search.Load(network.Prefix(images, 0, search.LoadFrom), labels);
            Near(FullLoss(network, images, labels, layer), search.Loss, $"layer {layer} state");
            var weights = TensorCopy.Floats(network.Weights[layer]);
            var conv = network.Architecture.Convs[layer];
            // Two weights of different channels and positions, each ±Δ with a large Δ so the change is visible.
            foreach (int j in new[] { 7, weights.Length - 5 })
            {
                int o = j / (conv.In * 9), c = j / 9 % conv.In, ky = j / 3 % 3, kx = j % 3;
                float delta = (float)(3 * network.Sigma[layer]);
                var losses = search.WeightCandidates([o, o], [c, c], [ky, ky], [kx, kx], [delta, -delta]);
                float original = weights[j];
                for (int k = 0; k < 2; k++)
                {
                    weights[j] = original + (k == 0 ? delta : -delta);
                    Near(FullLoss(network, images, labels, layer), losses[k], $"layer {layer} weight {j} candidate {k}");
                }
                Assert.NotEqual(losses[0], losses[1]);
                weights[j] = original + delta;
                search.Accept(0, o, losses[0]);
                Near(FullLoss(network, images, labels, layer), search.Loss, $"layer {layer} after accepting weight {j}");
            }
            var gamma = TensorCopy.Floats(network.Gamma[layer]);
            var beta = TensorCopy.Floats(network.Beta[layer]);
            var norm = search.NormCandidates([3, 3], [gamma[3] * 1.5f, gamma[3]], [beta[3], beta[3] - 0.4f]);
            gamma[3] *= 1.5f;
            Near(FullLoss(network, images, labels, layer), norm[0], $"layer {layer} batch-norm scale candidate");
            search.Accept(0, 3, norm[0]);
            Near(FullLoss(network, images, labels, layer), search.Loss, $"layer {layer} after accepting a scale");
        }
    }

    [Fact]
    public void A_neuron_parallel_candidate_sees_its_own_channel_s_local_weights_and_the_layer_start_state_elsewhere()
    {
        using var _ = no_grad();
        var (images, labels) = Batch(200);
        using var network = Network(images);
        const int layer = 2;
        using var search = new RsoConvSearch(network, layer);
        search.Load(network.Prefix(images, 0, search.LoadFrom), labels);
        var weights = TensorCopy.Floats(network.Weights[layer]);
        var start = weights.ToArray();
        var local = weights.ToArray();
        // Channel 3 and channel 5 have each accepted changes of their own.
        local[3 * 144 + 10] += 0.3f;
        local[3 * 144 + 100] -= 0.2f;
        local[5 * 144 + 4] += 0.5f;
        using (var w = TensorCopy.FromSpan(local, 16, 16, 3, 3))
        {
            search.UseLocalWeights(w);
        }
        var losses = search.WeightCandidates([3, 3], [2, 2], [1, 1], [0, 0], [0.25f, 0f]);
        // Expected: the layer-start weights with channel 3's row replaced by its local row (+ Δ for the first candidate).
        for (int k = 0; k < 2; k++)
        {
            start.AsSpan().CopyTo(weights);
            local.AsSpan(3 * 144, 144).CopyTo(weights.Slice(3 * 144, 144));
            weights[3 * 144 + 2 * 9 + 1 * 3 + 0] += k == 0 ? 0.25f : 0f;
            Near(FullLoss(network, images, labels, layer), losses[k], $"neuron-parallel candidate {k}");
        }
        start.AsSpan().CopyTo(weights);
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void Classifier_candidates_equal_the_full_forward()
    {
        using var _ = no_grad();
        var (images, labels) = Batch(200);
        using var network = Network(images);
        using var search = new RsoClassifierSearch(network);
        using (var a = network.Prefix(images, 0, network.ConvCount))
        {
            search.Load(a.mean([2, 3]), labels);
        }
        Near(FullLoss(network, images, labels, network.ConvCount), search.Loss, "classifier state");
        var weights = TensorCopy.Floats(network.Classifier);
        var losses = search.Candidates([2, 2], [5, 5], [0.7f, -0.7f]);
        weights[2 * 16 + 5] -= 0.7f;
        Near(FullLoss(network, images, labels, network.ConvCount), losses[1], "classifier candidate");
        search.Accept(1, losses[1]);
        Near(FullLoss(network, images, labels, network.ConvCount), search.Loss, "classifier after accepting");
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void A_small_run_never_accepts_a_candidate_that_raises_the_minibatch_loss_and_beats_chance()
    {
        var config = Track.Defaults("cpu", "mnist") with { TrainLimit = 1000, TestLimit = 500, BatchSize = 100, ResampleEvery = 64, Epochs = 1, Seed = 2 };
        Assert.Empty(Track.Validate(config));
        var mnist = TrackTestData.LoadMnist();
        var data = TrackData.From(mnist, config);
        using var trainer = (RsoTrainer)Track.CreateTrainer(config, data);
        double before = trainer.Evaluate(data.Test).Accuracy;
        int decisions = 0;
        trainer.Decision = (layer, previous, next) =>
        {
            decisions++;
            Assert.True(next < previous, $"layer {layer}: accepted a loss of {next} over {previous}");
        };
        var stats = trainer.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        Assert.True(decisions > 100, $"only {decisions} candidates accepted");
        double after = trainer.Evaluate(data.Test).Accuracy;
        Assert.True(after > 0.2 && after > before + 0.1, $"test accuracy {after:P1} after one cycle (before {before:P1}, chance 10 %)");
    }

    [Fact]
    public void Unknown_strategies_and_a_zero_resample_interval_are_refused_by_name()
    {
        var problems = Track.Validate(Track.Defaults("cpu", "mnist") with { Method = "parallel", ResampleEvery = 0 });
        Assert.Contains(problems, p => p.Contains("parallel") && p.Contains("sequential"));
        Assert.Contains(problems, p => p.Contains("resample_every"));
    }

    [Fact]
    public void Depth10_has_nine_convolutions_four_residual_blocks_and_pools_after_the_conv2_and_conv3_stages()
    {
        var a = RsoArchitecture.Create("depth10", 3, 32, 32, 10)!;
        Assert.Equal([16, 16, 16, 32, 32, 32, 32, 32, 32], a.Convs.Select(c => c.Out));
        Assert.Equal([-1, -1, 1, -1, 3, -1, 5, -1, 7], a.Convs.Select(c => c.Skip));
        Assert.Equal([2, 4], a.Convs.Select((c, i) => (c, i)).Where(p => p.c.Pool).Select(p => p.i));
        Assert.Equal([true, true, false, true, false, true, false, true, false, true], Enumerable.Range(0, 10).Select(a.IsBoundary));
        Assert.Equal(3, a.BlockStart(4));
        Assert.Equal((8, 8), a.InputSize(8));
    }

    [Fact]
    public void A_depth10_cycle_over_every_151st_parameter_on_synthetic_cifar_runs_and_never_accepts_a_candidate_that_raises_the_minibatch_loss()
    {
        var cifar = SyntheticCifar.Create(40, 1);
        var config = Track.Defaults("cpu", "cifar10") with { Architecture = "depth10", TrainLimit = 80, TestLimit = 40, BatchSize = 8, ResampleEvery = 16, Epochs = 1, Seed = 3 };
        Assert.Empty(Track.Validate(config));
        var data = TrackData.From(cifar, config);
        using var trainer = (RsoTrainer)Track.CreateTrainer(config, data);
        trainer.WeightStride = 151; // a full depth10 cycle is ~56,000 weights; every layer's search path still runs
        int decisions = 0;
        var layers = new HashSet<int>();
        trainer.Decision = (layer, previous, next) =>
        {
            decisions++;
            layers.Add(layer);
            Assert.True(next < previous, $"layer {layer}: accepted a loss of {next} over {previous}");
        };
        var stats = trainer.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        Assert.True(double.IsFinite(stats.MeanLoss));
        Assert.True(decisions > 0 && layers.Count >= 3, $"{decisions} candidates accepted in layers {string.Join(",", layers)}");
        Assert.InRange(trainer.Evaluate(data.Test).Accuracy, 0.0, 1.0);
    }
}

