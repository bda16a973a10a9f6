using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.RandomBases;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class RandomBasesCnnTests
{
    private static readonly RandomBasesTrack Track = new();

    /// <summary>A dataset of random images shaped like MNIST (1×28×28) or CIFAR-10 (3×32×32).</summary>
    private static Dataset Shaped(int channels, int side, int count = 64)
    {
        var rng = new System.Random(5);
        ImageSet Make(string split)
        {
            var pixels = new byte[count * channels * side * side];
            rng.NextBytes(pixels);
            var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            var normalization = channels == 1 ? ChannelNormalization.Mnist : new ChannelNormalization([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
            return ImageSet.FromBytes($"shaped/{split}", channels, side, side, 10, pixels, labels, normalization);
        }
        return new Dataset("shaped", Make("train"), Make("test"));
    }

    [Theory]
    [InlineData(1, 28, 93_322)]  // §4.1, CNN on MNIST and Fashion-MNIST
    [InlineData(3, 32, 122_570)] // §4.1, CNN on CIFAR-10
    public void The_cnn_has_the_papers_parameter_count(int channels, int side, int expected)
    {
        var config = Track.Defaults("cpu", "mnist") with { Architecture = RandomBasesTrack.CnnArchitecture, BatchSize = 8, Threads = 1 };
        Assert.Empty(Track.Validate(config));
        using var trainer = Track.CreateTrainer(config, TrackData.From(Shaped(channels, side), config));
        Assert.Equal(expected, trainer.TrainableCount);
    }

    [Fact]
    public void Every_cnn_parameter_reaches_the_loss()
    {
        var set = Shaped(3, 32, 16).Train;
        var network = new RandomBasesCnn(3, 32, 32, 10, 1.0);
        var theta = new float[network.ParameterCount];
        network.Initialise(theta, 7);
        // Biases start at zero (Keras default); give them values so their gradients are not all alike.
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] += 1e-3f * ((i * 7919) % 13 - 6);
        }
        using var scope = NewDisposeScope();
        var leaf = TensorCopy.FromSpan(theta, theta.Length).requires_grad_(true);
        var images = TensorCopy.FromSpan(set.Pixels.Span[..(16 * set.SampleSize)], 16, 3, 32, 32);
        var labels = tensor(Enumerable.Range(0, 16).Select(i => (long)set.Label(i)).ToArray());
        var logits = network.Logits(leaf, images);
        Assert.Equal(new long[] { 16, 10 }, logits.shape);
        F.cross_entropy(logits, labels).backward();
        var gradient = TensorCopy.ToArray(leaf.grad!);
        int start = 0;
        foreach (int size in network.LayerSizes)
        {
            Assert.Contains(gradient.AsSpan(start, size).ToArray(), g => g != 0);
            start += size;
        }
        Assert.Equal(theta.Length, start);
    }

    [Fact]
    public void Images_too_small_for_the_cnn_are_one_clear_error()
    {
        var config = Track.Defaults("cpu", "mnist") with { Architecture = RandomBasesTrack.CnnArchitecture, BatchSize = 8 };
        var e = Assert.Throws<TrackConfigException>(() => Track.CreateTrainer(config, TrackData.From(Shaped(1, 8), config)));
        Assert.Contains("architecture cnn", e.Message);
        Assert.NotEmpty(Track.Validate(config with { Architecture = "resnet" }));
    }
}
