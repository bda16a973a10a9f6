using System.Diagnostics;
using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// Random-bases descent (Gressmann et al. 2020) and its baselines on a <see cref="FlatNetwork"/> (FC 784-128-10:
/// D = 101,770; the paper's CNN: D = 93,322 on MNIST). Each step: ∇L by autograd on the minibatch, then per method — "rbd": a
/// fresh base φ_1..φ_d (generation = step) from <see cref="NoiseKey.RandomBasesStream"/>, c = Φᵀ∇L fused
/// generate-and-dot, θ −= η Φc fused generate-and-add; "fpd": the same with one fixed base (generation 0) for the
/// whole run, i.e. descent in a fixed random subspace; "sgd": θ −= η∇L; "nes": no gradient, d/2 antithetic pairs
/// θ ± σφ_j scored on the minibatch, centred ranks, θ += η Σ_j (u⁺_j − u⁻_j)/(dσ)·φ_j. θ is one flat vector (per layer
/// weights, then biases).
/// </summary>
public sealed class RandomBasesTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly FlatNetwork _network;
    private readonly Tensor _theta;
    private readonly Tensor? _trial;
    private readonly MinibatchLoader _loader;
    private readonly int _parameterCount;
    private readonly GeneratedBasis? _basis;
    private readonly float[] _coordinates;
    private readonly float[] _losses;

    /// <summary>A trainer at step 0 for a valid <paramref name="config"/>.</summary>
    /// <exception cref="TrackConfigException">The architecture does not fit the dataset's images.</exception>
    public RandomBasesTrainer(TrackConfig config, TrackData data)
    {
        _config = config;
        Threads.Use(config.Threads);
        var train = data.Train;
        _network = FlatNetwork.For(config, train);
        LayerSizes = _network.LayerSizes;
        _parameterCount = _network.ParameterCount;
        var values = new float[_parameterCount];
        _network.Initialise(values, config.Seed);
        _theta = TensorCopy.FromSpan(values, _parameterCount);
        _loader = new MinibatchLoader(train, config.BatchSize, config.Seed);
        if (config.Method != RandomBasesTrack.SgdMethod)
        {
            var distribution = config.Method == RandomBasesTrack.NesMethod ? NoiseDistribution.Gaussian : RandomBasesTrack.Distribution(config.Basis);
            int directions = config.Method == RandomBasesTrack.NesMethod ? Math.Max(1, config.Directions / 2) : config.Directions;
            var compartments = Compartments.Split(config.Method == RandomBasesTrack.NesMethod ? "one" : config.Compartments, LayerSizes, directions);
            _basis = new GeneratedBasis(compartments, config.Seed, NoiseKey.RandomBasesStream, distribution, config.Threads);
        }
        _coordinates = new float[_basis?.Directions ?? 0];
        _losses = new float[2 * _coordinates.Length];
        if (config.Method == RandomBasesTrack.NesMethod)
        {
            _trial = zeros(_parameterCount);
        }
        Describe = $"{_network.Describe}; {Method(config)}";
    }

    /// <summary>Parameter blocks in θ's order (per layer: weights, biases): the layer-wise compartments.</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    private static string Method(TrackConfig c) => c.Method switch
    {
        RandomBasesTrack.SgdMethod => "plain SGD",
        RandomBasesTrack.NesMethod => $"NES, {Math.Max(1, c.Directions / 2)} antithetic pairs, sigma {c.NesSigma}",
        RandomBasesTrack.FpdMethod => $"FPD (fixed projection), d = {c.Directions} {c.Basis}, compartments {c.Compartments}",
        _ => $"RBD, d = {c.Directions} {c.Basis}, compartments {c.Compartments}",
    };

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _parameterCount;

    /// <inheritdoc />
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    private Tensor Logits(Tensor theta, Tensor images) => _network.Logits(theta, images);

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        double lossSum = 0;
        long correct = 0, samples = 0;
        double baseSeconds = 0;
        int b = 0;
        for (; b < _loader.BatchesPerEpoch && !cancel.IsCancellationRequested; b++)
        {
            long step = (long)epoch * _loader.BatchesPerEpoch + b;
            _loader.Load(epoch, b);
            using (var scope = NewDisposeScope())
            {
                (double loss, long right, double seconds) = _config.Method == RandomBasesTrack.NesMethod ? NesStep(step) : GradientStep(step);
                lossSum += loss;
                correct += right;
                baseSeconds += seconds;
            }
            samples += _config.BatchSize;
            batchDone?.Invoke(b + 1);
        }
        var extra = new Dictionary<string, double>
        {
            ["steps"] = b,
            ["base_seconds"] = baseSeconds,
            // Algorithm 1 (right): a worker ships its d coordinates per step, data-parallel SGD ships D gradient values.
            ["coordinate_bytes"] = b * 4.0 * _coordinates.Length,
            ["gradient_bytes"] = b * 4.0 * _parameterCount,
        };
        return new EpochStats(b == _loader.BatchesPerEpoch, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, _config.LearningRate, extra);
    }

    /// <summary>One step of SGD, RBD or FPD; returns the minibatch loss and correct count before the update, and the seconds spent on the base.</summary>
    private (double Loss, long Correct, double BaseSeconds) GradientStep(long step)
    {
        using var leaf = _theta.detach().requires_grad_(true);
        var logits = Logits(leaf, _loader.Images);
        var loss = F.cross_entropy(logits, _loader.Labels);
        loss.backward();
        using var _ = no_grad();
        using var gradient = leaf.grad!.contiguous();
        double seconds = 0;
        if (_basis is null)
        {
            _theta.add_(gradient, alpha: -_config.LearningRate);
        }
        else
        {
            long started = Stopwatch.GetTimestamp();
            _basis.Generation = _config.Method == RandomBasesTrack.FpdMethod ? 0 : (uint)step;
            Step(_basis, TensorCopy.Floats(_theta), TensorCopy.Floats(gradient), _coordinates, (float)_config.LearningRate);
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        return (loss.item<float>(), logits.argmax(1).eq(_loader.Labels).sum().item<long>(), seconds);
    }

    /// <summary>The random-bases step on any base: c = Φᵀg into <paramref name="coordinates"/>, θ −= η Φc.</summary>
    public static void Step(IBasis basis, Span<float> theta, ReadOnlySpan<float> gradient, Span<float> coordinates, float learningRate) =>
        basis.Descend(theta, gradient, coordinates, learningRate);

    /// <summary>One NES step (no gradient): antithetic pairs scored on the minibatch, rank-shaped, applied.</summary>
    private (double Loss, long Correct, double BaseSeconds) NesStep(long step)
    {
        using var _ = no_grad();
        var basis = _basis!;
        basis.Generation = (uint)step;
        int pairs = basis.Directions;
        float sigma = (float)_config.NesSigma;
        long started = Stopwatch.GetTimestamp();
        var theta = TensorCopy.Floats(_theta);
        var trial = TensorCopy.Floats(_trial!);
        var onehot = _coordinates;
        Array.Clear(onehot);
        for (int j = 0; j < pairs; j++)
        {
            for (int sign = 0; sign < 2; sign++)
            {
                theta.CopyTo(trial);
                onehot[j] = sign == 0 ? sigma : -sigma;
                basis.Add(trial, onehot);
                using var logits = Logits(_trial!, _loader.Images);
                using var loss = F.cross_entropy(logits, _loader.Labels);
                _losses[2 * j + sign] = loss.item<float>();
            }
            onehot[j] = 0;
        }
        // Centred ranks: the lowest loss gets +0.5, the highest −0.5; ties broken by index so every process agrees.
        int n = 2 * pairs;
        var order = Enumerable.Range(0, n).OrderBy(i => _losses[i]).ThenBy(i => i).ToArray();
        Span<float> utility = n <= 1024 ? stackalloc float[n] : new float[n];
        for (int r = 0; r < n; r++)
        {
            utility[order[r]] = n == 1 ? 0 : 0.5f - (float)r / (n - 1);
        }
        for (int j = 0; j < pairs; j++)
        {
            onehot[j] = (float)(_config.LearningRate * (utility[2 * j] - utility[2 * j + 1]) / (n * sigma));
        }
        basis.Add(theta, onehot);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var after = Logits(_theta, _loader.Images);
        return (F.cross_entropy(after, _loader.Labels).item<float>(), after.argmax(1).eq(_loader.Labels).sum().item<long>(), seconds);
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set) => ClassifierEvaluation.Score(set, x => Logits(_theta, x));

    /// <summary>The current parameters (flat, model-file layout).</summary>
    public float[] Parameters() => TensorCopy.ToArray(_theta);

    /// <inheritdoc />
    public TrainerState ExportState() => new() { Arrays = { ["theta"] = Parameters() } };

    /// <inheritdoc />
    public void ImportState(TrainerState state) => EdgePopup.EdgePopupTrainer.Restore(_theta, state, "theta");

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => _network.ToModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public ConvClassifierModel? ToConvModel(string dataset, ArtifactProvenance provenance) => _network.ToConvModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public void Dispose()
    {
        _loader.Dispose();
        _trial?.Dispose();
        _theta.Dispose();
    }
}
