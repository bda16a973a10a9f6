using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tests.Tracks;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Rso;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tests.Models;

public sealed class ConvModelFileTests
{
    private static readonly Lazy<Dataset> Cifar = new(() => SyntheticCifar.Create(8, 7));

    private static ArtifactProvenance Provenance() => new()
    {
        Config = "{}", Algorithm = "rso/sequential", Seed = 3, Generation = 1, Fitness = 0.5, Validation = null, Work = 10, Producer = "test",
    };

    [Theory]
    [InlineData("mnist6")]
    [InlineData("depth3")]
    [InlineData("depth5")]
    [InlineData("depth10")]
    public void An_rso_model_saved_and_loaded_gives_the_same_logits_as_the_trained_network(string architecture)
    {
        var track = new RsoTrack();
        bool mnist = architecture == "mnist6";
        var dataset = mnist ? TrackTestData.LoadMnist() : Cifar.Value;
        var config = track.Defaults("cpu", mnist ? "mnist" : "cifar10") with { Architecture = architecture, TrainLimit = 32, TestLimit = 8, BatchSize = 8, Seed = 6 };
        var data = TrackData.From(dataset, config);
        using var trainer = (RsoTrainer)track.CreateTrainer(config, data); // calibrated: population statistics are not the defaults
        var model = trainer.ToConvModel(dataset.Name, Provenance())!;
        string path = Path.Combine(TrackTestData.TempDirectory(), "m.model");
        ClassifierFile.Save(model, path);
        var (mlp, loaded) = ClassifierFile.LoadAny(path);
        Assert.Null(mlp);
        Assert.NotNull(loaded);
        Assert.Equal(("rso", architecture, dataset.Name), (loaded.Kind, loaded.Architecture, loaded.Dataset));
        var test = data.Test;
        using var _ = no_grad();
        using var images = TensorCopy.FromSpan(test.Pixels.Span[..(2 * test.SampleSize)], 2, test.Channels, test.Height, test.Width);
        using var expected = trainer.Network.EvalLogits(images);
        using var actual = ConvClassifiers.Logits(loaded, images);
        Assert.Equal(TensorCopy.ToArray(expected), TensorCopy.ToArray(actual));
        Assert.NotEqual(0f, TensorCopy.ToArray(trainer.Network.Mean[0]).Select(Math.Abs).Sum());
        Assert.InRange(ConvClassifiers.Score(loaded, test).Accuracy, 0.0, 1.0);
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }

    [Theory]
    [InlineData("edge-popup", "conv2")]
    [InlineData("dense", "conv4")]
    public void An_edge_popup_conv_model_saved_and_loaded_scores_the_test_set_as_the_trained_network(string method, string architecture)
    {
        var track = new Sandbox.Supervised.Tracks.EdgePopup.EdgePopupTrack();
        var config = track.Defaults("cpu", "cifar10") with
        {
            Method = method, Architecture = architecture, Width = 0.125, TrainLimit = 32, TestLimit = 8, BatchSize = 8, Epochs = 1, Seed = 4,
            LearningRate = 0.1,
        };
        Assert.Empty(track.Validate(config));
        AssertSavedModelScoresAsTrainer(track, config, ConvClassifiers.EdgePopupKind);
    }

    [Fact]
    public void A_random_bases_cnn_model_saved_and_loaded_scores_the_test_set_as_the_trained_network()
    {
        var track = new Sandbox.Supervised.Tracks.RandomBases.RandomBasesTrack();
        var config = track.Defaults("cpu", "cifar10") with
        {
            Architecture = Sandbox.Supervised.Tracks.RandomBases.RandomBasesTrack.CnnArchitecture, Width = 0.25, TrainLimit = 32, TestLimit = 8,
            BatchSize = 8, Epochs = 1, Seed = 4, Threads = 1,
        };
        Assert.Empty(track.Validate(config));
        AssertSavedModelScoresAsTrainer(track, config, ConvClassifiers.RandomBasesKind);
    }

    /// <summary>One epoch of training, then the model file's network must score the test set exactly as the trainer does.</summary>
    private static void AssertSavedModelScoresAsTrainer(ITrack track, TrackConfig config, string kind)
    {
        var data = TrackData.From(Cifar.Value, config);
        using var trainer = track.CreateTrainer(config, data);
        Assert.True(trainer.TrainEpoch(0, null, CancellationToken.None).Completed);
        Assert.Null(trainer.ToModel(Cifar.Value.Name, Provenance()));
        var model = trainer.ToConvModel(Cifar.Value.Name, Provenance())!;
        string path = Path.Combine(TrackTestData.TempDirectory(), "m.model");
        ClassifierFile.Save(model, path);
        var (mlp, loaded) = ClassifierFile.LoadAny(path);
        Assert.Null(mlp);
        Assert.NotNull(loaded);
        Assert.Equal((kind, config.Architecture), (loaded.Kind, loaded.Architecture));
        Assert.Equal(trainer.Evaluate(data.Test), ConvClassifiers.Score(loaded, data.Test));
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }

    [Fact]
    public void A_conv_model_missing_a_tensor_is_refused_with_its_name()
    {
        var model = new ConvClassifierModel
        {
            Dataset = "cifar10", Kind = "rso", Architecture = "depth3", Shape = [3, 32, 32, 10],
            Tensors = new Dictionary<string, float[]> { ["conv.0"] = new float[3 * 32 * 9] }, Provenance = Provenance(),
        };
        var loaded = ClassifierFile.ConvFromBytes(ClassifierFile.ToBytes(model), "m.model");
        using var images = zeros(1, 3, 32, 32);
        var e = Assert.Throws<ClassifierFileException>(() => ConvClassifiers.Logits(loaded, images).Dispose());
        Assert.Contains("gamma.0", e.Message);
    }

    [Fact]
    public void A_conv_model_file_is_refused_by_the_mlp_loader_and_an_mlp_file_still_loads_through_load_any()
    {
        var conv = new ConvClassifierModel
        {
            Dataset = "cifar10", Kind = "rso", Architecture = "depth3", Shape = [3, 32, 32, 10],
            Tensors = new Dictionary<string, float[]> { ["fc"] = new float[320] }, Provenance = Provenance(),
        };
        var e = Assert.Throws<ClassifierFileException>(() => ClassifierFile.FromBytes(ClassifierFile.ToBytes(conv), "c.model"));
        Assert.Contains("convolutional", e.Message);
        var mlp = new ClassifierModel
        {
            Dataset = "mnist",
            Architecture = new Sandbox.Policies.Networks.MlpArchitecture(4, [3], 2, bias: true, Sandbox.Tensors.Networks.Activation.Tanh),
            Family = Sandbox.Policies.PolicyFamily.Dense,
            Parameters = new float[4 * 3 + 3 + 3 * 2 + 2],
            Provenance = Provenance(),
        };
        string path = Path.Combine(TrackTestData.TempDirectory(), "mlp.model");
        ClassifierFile.Save(mlp, path);
        var (loaded, none) = ClassifierFile.LoadAny(path);
        Assert.Null(none);
        Assert.Equal(mlp.Architecture, loaded!.Architecture);
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }
}
