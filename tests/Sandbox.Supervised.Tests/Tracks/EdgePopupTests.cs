using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.EdgePopup;
using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class EdgePopupTests
{
    private static readonly EdgePopupTrack Track = new();

    private static TrackConfig Small(string method = EdgePopupTrack.EdgePopupMethod) => Track.Defaults("cpu", "mnist") with
    {
        Method = method,
        LearningRate = method == EdgePopupTrack.DenseMethod ? EdgePopupTrack.DenseLearningRate : 0.1,
        TrainLimit = 6000,
        TestLimit = 1000,
        Epochs = 2,
        Seed = 3,
    };

    [Theory]
    [InlineData(EdgePopupTrack.EdgePopupMethod)]
    [InlineData(EdgePopupTrack.DenseMethod)]
    public void A_small_mnist_run_beats_chance_by_a_wide_margin_and_its_model_file_agrees(string method)
    {
        var config = Small(method);
        string directory = TrackTestData.TempDirectory();
        try
        {
            var result = TrackRun.Run(Track, config, TrackTestData.LoadMnist(), directory, resume: false, null, CancellationToken.None);
            Assert.True(result.TestAccuracy > 0.8, $"test accuracy {result.TestAccuracy:P1} (chance 10 %)");
            Assert.Equal(2, File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Length);
            var model = ClassifierFile.Load(result.ModelPath!);
            Assert.Equal("mnist", model.Dataset);
            Assert.Equal([784, 300, 100, 10], model.Architecture.Sizes);
            if (method == EdgePopupTrack.EdgePopupMethod)
            {
                // Half of every layer's weights are zero in the stored subnetwork.
                double zeros = model.Parameters!.Count(v => v == 0f) / (double)model.Parameters!.Length;
                Assert.InRange(zeros, 0.499, 0.501);
            }
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void An_interrupted_run_resumed_ends_bit_identical_to_an_uninterrupted_one()
    {
        var config = Small() with { TrainLimit = 2000, Epochs = 3 };
        string straight = TrackTestData.TempDirectory();
        string resumed = TrackTestData.TempDirectory();
        try
        {
            var mnist = TrackTestData.LoadMnist();
            var full = TrackRun.Run(Track, config, mnist, straight, false, null, CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var cut = TrackRun.Run(Track, config, mnist, resumed, false, new StopAfterFirstEpoch(stop), stop.Token);
            Assert.True(cut.Interrupted);
            Assert.Equal(1, cut.Epochs);
            var rest = TrackRun.Run(Track, config, mnist, resumed, true, null, CancellationToken.None);
            Assert.False(rest.Interrupted);
            Assert.Equal(File.ReadAllBytes(full.ModelPath!), File.ReadAllBytes(rest.ModelPath!));
            Assert.Equal(File.ReadAllLines(Path.Combine(straight, "metrics.jsonl")).Select(WithoutTimes),
                File.ReadAllLines(Path.Combine(resumed, "metrics.jsonl")).Select(WithoutTimes));
        }
        finally
        {
            Directory.Delete(straight, true);
            Directory.Delete(resumed, true);
        }
    }

    private static string WithoutTimes(string line) => System.Text.RegularExpressions.Regex.Replace(line, "\"train_seconds\":[^,}]*", "");

    private sealed class StopAfterFirstEpoch(CancellationTokenSource stop) : ITrackRunObserver
    {
        public void EpochStarted(int epoch, int epochs, int batches)
        {
        }

        public void BatchDone(int batch)
        {
        }

        public void EpochFinished(IReadOnlyDictionary<string, double> metrics) => stop.Cancel();
    }

    [Theory]
    [InlineData("conv2", 32, 1)]
    [InlineData("conv8", 32, 4)]
    public void Convolutional_networks_give_class_logits_for_cifar_shaped_images(string architecture, int size, int pools)
    {
        using var network = SubnetClassifier.Build(architecture, 0.25, 3, size, size, 10, masked: true, WeightDistribution.SignedConstant, 0.5, 1);
        using var images = randn(2, 3, size, size);
        using var logits = network.Forward(images);
        Assert.Equal([2L, 10L], logits.shape);
        Assert.Equal(pools * 2 + 3, network.Layers.Count);
    }

    [Fact]
    public void A_narrow_convolutional_network_backpropagates_to_its_first_scores_as_float64_does()
    {
        // Width 0.125: 8-channel convolutions, off oneDNN's channel block (Convolution).
        using var network = SubnetClassifier.Build("conv2", 0.125, 3, 32, 32, 10, masked: true, WeightDistribution.SignedConstant, 0.5, 2);
        using var scope = NewDisposeScope();
        manual_seed(2);
        var images = randn(4, 3, 32, 32);
        var labels = tensor(new long[] { 1, 2, 3, 4 });
        F.cross_entropy(network.Forward(images), labels).backward();

        var effective = network.Layers.Select(l => l.Effective().to(ScalarType.Float64).requires_grad_(true)).ToArray();
        var x = F.relu(F.conv2d(images.to(ScalarType.Float64), effective[0], padding: [1, 1]));
        x = F.max_pool2d(F.relu(F.conv2d(x, effective[1], padding: [1, 1])), [2, 2]).flatten(1);
        x = F.relu(F.linear(x, effective[2]));
        x = F.linear(F.relu(F.linear(x, effective[3])), effective[4]);
        F.cross_entropy(x, labels).backward();
        // The straight-through mask passes the effective weight's gradient to the score as if it were the identity.
        var first = network.Layers[0];
        var expected = effective[0].grad! * first.Weight.to(ScalarType.Float64) * first.Scores!.detach().sign().to(ScalarType.Float64);
        double error = (first.Scores!.grad!.to(ScalarType.Float64) - expected).abs().max().item<double>();
        double scale = expected.abs().max().item<double>();
        Assert.True(error <= 1e-4 * scale, $"largest difference {error} against gradients up to {scale}");
    }
}
