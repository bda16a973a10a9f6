using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.EdgePopup;

/// <summary>
/// Edge-popup (scores over frozen random weights, top-k subnetwork, straight-through gradient) or the learned-dense
/// baseline on the same architecture: SGD with momentum, weight decay, cosine learning-rate decay per epoch.
/// </summary>
public sealed class EdgePopupTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly SubnetClassifier _network;
    private readonly MomentumSgd _optimizer;
    private readonly MinibatchLoader _loader;
    private readonly int _height;
    private readonly int _width;
    private readonly int _classes;

    /// <summary>A trainer at epoch 0 for a valid <paramref name="config"/>.</summary>
    public EdgePopupTrainer(TrackConfig config, TrackData data)
    {
        _config = config;
        Sandbox.Tensors.Loading.TorchRuntime.EnsureInitialized();
        var train = data.Train;
        bool masked = config.Method == EdgePopupTrack.EdgePopupMethod;
        var distribution = WeightDistributions.Parse(config.Init) ?? WeightDistribution.SignedConstant;
        _network = SubnetClassifier.Build(config.Architecture, config.Width, train.Channels, train.Height, train.Width, train.ClassCount,
            masked, distribution, config.Keep, config.Seed);
        _optimizer = new MomentumSgd(_network.Trainable, config.Momentum, config.WeightDecay);
        _loader = new MinibatchLoader(train, config.BatchSize, config.Seed);
        (_height, _width, _classes) = (train.Height, train.Width, train.ClassCount);
        Describe = _network.Description + (masked ? $", {config.Init} weights, k = {config.Keep:P0} kept" : ", learned dense weights");
    }

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _network.TrainableCount;

    /// <inheritdoc />
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        using var threads = Threads.Use(_config.Threads);
        double rate = CosineSchedule.At(_config.LearningRate, epoch, _config.Epochs);
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        int b = 0;
        for (; b < _loader.BatchesPerEpoch && !cancel.IsCancellationRequested; b++)
        {
            using (var scope = NewDisposeScope())
            {
                _loader.Load(epoch, b);
                var logits = _network.Forward(_loader.Images);
                var loss = F.cross_entropy(logits, _loader.Labels);
                loss.backward();
                _optimizer.Step(rate);
                lossSum += loss.item<float>();
                using (no_grad())
                {
                    correct += logits.argmax(1).eq(_loader.Labels).sum().item<long>();
                }
            }
            samples += _config.BatchSize;
            batchDone?.Invoke(b + 1);
        }
        return new EpochStats(b == _loader.BatchesPerEpoch, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, rate, new Dictionary<string, double>());
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var threads = Threads.Use(_config.Threads);
        return ClassifierEvaluation.Score(set, _network.Forward);
    }

    /// <inheritdoc />
    public TrainerState ExportState()
    {
        var state = new TrainerState();
        for (int i = 0; i < _network.Layers.Count; i++)
        {
            state.Arrays[$"trainable.{i}"] = TensorCopy.ToArray(_network.Trainable[i]);
            state.Arrays[$"momentum.{i}"] = TensorCopy.ToArray(_optimizer.Buffers[i]);
        }
        return state;
    }

    /// <inheritdoc />
    public void ImportState(TrainerState state)
    {
        using var _ = no_grad();
        for (int i = 0; i < _network.Layers.Count; i++)
        {
            Restore(_network.Trainable[i], state, $"trainable.{i}");
            Restore(_optimizer.Buffers[i], state, $"momentum.{i}");
        }
    }

    internal static void Restore(Tensor target, TrainerState state, string name)
    {
        if (!state.Arrays.TryGetValue(name, out var values) || values.Length != target.numel())
        {
            throw new TrackConfigException($"checkpoint does not match the configuration: '{name}' is missing or has the wrong size");
        }
        values.AsSpan().CopyTo(TensorCopy.Floats(target));
    }

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance)
    {
        if (!_network.IsFullyConnected)
        {
            return null; // a convolutional network: see ToConvModel
        }
        int[] sizes = _network.FullyConnectedSizes();
        var parameters = new List<float>();
        foreach (var layer in _network.Layers)
        {
            // The file stores each layer [in, out]; torch holds [out, in].
            using var effective = layer.Effective();
            using var transposed = effective.t();
            parameters.AddRange(TensorCopy.ToArray(transposed));
        }
        return new ClassifierModel
        {
            Dataset = dataset,
            Architecture = new MlpArchitecture(sizes[0], sizes[1..^1], sizes[^1], bias: false, Activation.Relu),
            Family = PolicyFamily.Dense,
            Parameters = [.. parameters],
            Provenance = provenance,
        };
    }

    /// <inheritdoc />
    public ConvClassifierModel? ToConvModel(string dataset, ArtifactProvenance provenance)
    {
        if (_network.IsFullyConnected)
        {
            return null;
        }
        var tensors = new Dictionary<string, float[]>();
        for (int i = 0; i < _network.Layers.Count; i++)
        {
            // The subnetwork itself (mask × frozen weight): what the network computes, loadable without the scores.
            using var effective = _network.Layers[i].Effective();
            tensors[SubnetClassifier.LayerName(i)] = TensorCopy.ToArray(effective);
        }
        var shape = _network.Layers[0].Weight.shape;
        return new ConvClassifierModel
        {
            Dataset = dataset,
            Kind = ConvClassifiers.EdgePopupKind,
            Architecture = _network.Architecture,
            Shape = [(int)shape[1], _height, _width, _classes],
            Tensors = tensors,
            Provenance = provenance,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _loader.Dispose();
        _optimizer.Dispose();
        _network.Dispose();
    }
}
