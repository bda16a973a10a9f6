using Sandbox.Core.Perturbations;
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

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Hybrid-ES (Bartolo, Algorithm 2, single node) on an MLP inputs-300-classes with a sigmoid hidden layer, biases and
/// softmax output. Every r-th iteration is a full backprop step θ −= α·g (g from autograd, kept); in between, K
/// candidate gradients g + ε_k are tried, ε_k the Gaussian vector of <see cref="NoiseKey"/>(seed, search stream,
/// iteration, k) — so any process reconstructs the chosen one from k alone — all K trial parameter sets scored
/// on the iteration's minibatch with one batched product per layer, and the lowest-cost one applied and kept as
/// the gradient going forward. θ is one flat vector in the model file's layout (per layer [in, out] weights, then biases).
/// </summary>
public sealed class HybridEsTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly int[] _sizes;
    private readonly Tensor _theta;
    private readonly Tensor _gradient;
    private readonly Tensor _noise;
    private readonly float[] _costs;
    private readonly MinibatchLoader _loader;
    private readonly int _parameterCount;
    private readonly float _noiseStd;

    /// <summary>A trainer at iteration 0 for a valid <paramref name="config"/>.</summary>
    public HybridEsTrainer(TrackConfig config, TrackData data)
    {
        _config = config;
        Sandbox.Tensors.Loading.TorchRuntime.EnsureInitialized();
        var train = data.Train;
        int hidden = Math.Max(1, (int)Math.Round(300 * config.Width));
        _sizes = [train.SampleSize, hidden, train.ClassCount];
        _parameterCount = _sizes[0] * _sizes[1] + _sizes[1] + _sizes[1] * _sizes[2] + _sizes[2];
        var values = new float[_parameterCount];
        // Weights N(0, 1/fan_in) ("LeCun normal"), biases 0, from the initial-weights stream.
        WeightsInit(values, 0, _sizes[0], _sizes[1], config.Seed);
        WeightsInit(values, _sizes[0] * _sizes[1] + _sizes[1], _sizes[1], _sizes[2], config.Seed);
        _theta = TensorCopy.FromSpan(values, _parameterCount);
        _gradient = zeros(_parameterCount);
        int trials = UsesSearch ? config.Trials : 1;
        _noise = zeros(trials, _parameterCount);
        _costs = new float[trials];
        _loader = new MinibatchLoader(train, config.BatchSize, config.Seed);
        _noiseStd = (float)NoiseStd(config);
        Describe = $"mlp {string.Join("-", _sizes)}, sigmoid hidden, biases, softmax; {Method(config)}";
    }

    private bool UsesSearch => _config.Method == HybridEsTrack.SearchMethod;

    /// <summary>The standard deviation of the noise on the MEAN gradient the config asks for (see <see cref="TrackConfig.NoiseScale"/>).</summary>
    public static double NoiseStd(TrackConfig config) =>
        config.NoiseScale == "literal" ? Math.Sqrt(config.Sigma2) : config.Sigma2 / config.BatchSize;

    private static string Method(TrackConfig c) => c.Method switch
    {
        HybridEsTrack.ReferenceMethod => "batch gradient descent",
        HybridEsTrack.SearchMethod => $"r = {c.Interval}, K = {c.Trials}, sigma2 = {c.Sigma2} ({c.NoiseScale} scale)",
        HybridEsTrack.ReuseMethod => $"r = {c.Interval}, previous gradient re-applied (no search)",
        _ => $"r = {c.Interval}, stochastic steps change nothing",
    };

    private static void WeightsInit(float[] theta, int offset, int inputs, int outputs, ulong seed) =>
        PerturbationGenerator.Fill(theta.AsSpan(offset, inputs * outputs), new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)offset, 0), 0,
            NoiseDistribution.Gaussian, (float)(1 / Math.Sqrt(inputs)));

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _parameterCount;

    /// <inheritdoc />
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <summary>Bytes a worker sends for a full step (all parameters, float32) under the paper's resource model.</summary>
    public long FullStepBytes => 4L * _parameterCount;

    /// <summary>Bytes a worker sends for a stochastic step: the noise key's member (8 bytes) and the cost (8 bytes).</summary>
    public const long StochasticStepBytes = 16;

    /// <summary>Layer views of a flat parameter tensor [..., P]: (W1 [..., in, hidden], b1, W2 [..., hidden, out], b2).</summary>
    private (Tensor W1, Tensor B1, Tensor W2, Tensor B2) Views(Tensor theta)
    {
        long[] lead = theta.shape[..^1];
        int o1 = _sizes[0] * _sizes[1];
        int o2 = o1 + _sizes[1];
        int o3 = o2 + _sizes[1] * _sizes[2];
        long d = theta.dim() - 1;
        return (theta.narrow(d, 0, o1).view([.. lead, _sizes[0], _sizes[1]]),
                theta.narrow(d, o1, _sizes[1]).view([.. lead, 1, _sizes[1]]),
                theta.narrow(d, o2, _sizes[1] * _sizes[2]).view([.. lead, _sizes[1], _sizes[2]]),
                theta.narrow(d, o3, _sizes[2]).view([.. lead, 1, _sizes[2]]));
    }

    /// <summary>Logits [..., batch, classes] of parameters [..., P] on images flattened to [batch, in] (one product per layer).</summary>
    private Tensor Logits(Tensor theta, Tensor images)
    {
        var (w1, b1, w2, b2) = Views(theta);
        var x = images.view(images.shape[0], -1);
        var h = (x.matmul(w1) + b1).sigmoid();
        return h.matmul(w2) + b2;
    }

    /// <summary>
    /// Scores K parameter sets [K, P] on the minibatch: cost per set (mean cross-entropy + λ·(‖W1‖² + ‖W2‖²)), the
    /// mean cross-entropy alone, and the logits [K, batch, classes].
    /// </summary>
    private (Tensor Cost, Tensor CrossEntropy, Tensor Logits) Costs(Tensor trials, Tensor images, Tensor labels)
    {
        var logits = Logits(trials, images);
        var (w1, _, w2, _) = Views(trials);
        long k = trials.shape[0];
        var crossEntropy = F.cross_entropy(logits.reshape(-1, _sizes[2]), labels.repeat(k), reduction: nn.Reduction.None).view(k, -1).mean([1L]);
        return (crossEntropy + _config.WeightDecay * (w1.square().sum([1L, 2L]) + w2.square().sum([1L, 2L])), crossEntropy, logits);
    }

    /// <summary>Fills row k of the noise tensor with ε_k of <paramref name="iteration"/> (the reconstruction rule).</summary>
    public static void FillNoise(Span<float> destination, ulong seed, long iteration, int k, float std) =>
        PerturbationGenerator.Fill(destination, new NoiseKey(seed, NoiseKey.SearchStream, (uint)iteration, (uint)k), 0, NoiseDistribution.Gaussian, std);

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        using var threads = Threads.Use(_config.Threads);
        double alpha = _config.LearningRate;
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        int full = 0, stochastic = 0;
        double fullSeconds = 0, stochasticSeconds = 0;
        int b = 0;
        int r = _config.Method == HybridEsTrack.ReferenceMethod ? 1 : _config.Interval;
        for (; b < _loader.BatchesPerEpoch && !cancel.IsCancellationRequested; b++)
        {
            long iteration = (long)epoch * _loader.BatchesPerEpoch + b;
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            _loader.Load(epoch, b);
            using (var scope = NewDisposeScope())
            {
                if (iteration % r == 0)
                {
                    using var leaf = _theta.detach().requires_grad_(true);
                    var logits = Logits(leaf, _loader.Images);
                    var (w1, _, w2, _) = Views(leaf);
                    var loss = F.cross_entropy(logits, _loader.Labels) + _config.WeightDecay * (w1.square().sum() + w2.square().sum());
                    loss.backward();
                    using (no_grad())
                    {
                        using var g = leaf.grad!;
                        _gradient.copy_(g);
                        _theta.add_(_gradient, alpha: -alpha);
                        lossSum += F.cross_entropy(logits, _loader.Labels).item<float>();
                        correct += logits.argmax(1).eq(_loader.Labels).sum().item<long>();
                    }
                    full++;
                    fullSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
                else
                {
                    using var _ = no_grad();
                    (double loss, long right) = StochasticStep(iteration, alpha);
                    lossSum += loss;
                    correct += right;
                    stochastic++;
                    stochasticSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }
            samples += _config.BatchSize;
            batchDone?.Invoke(b + 1);
        }
        var extra = new Dictionary<string, double>
        {
            ["full_steps"] = full,
            ["stochastic_steps"] = stochastic,
            ["full_seconds"] = fullSeconds,
            ["stochastic_seconds"] = stochasticSeconds,
            ["wire_bytes"] = full * (double)FullStepBytes + stochastic * (double)StochasticStepBytes,
            ["bgd_wire_bytes"] = (full + stochastic) * (double)FullStepBytes,
        };
        return new EpochStats(b == _loader.BatchesPerEpoch, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, alpha, extra);
    }

    /// <summary>One stochastic iteration; returns the minibatch loss and correct count of the parameters it leaves.</summary>
    private (double Loss, long Correct) StochasticStep(long iteration, double alpha)
    {
        switch (_config.Method)
        {
            case HybridEsTrack.ReuseMethod:
                _theta.add_(_gradient, alpha: -alpha);
                break;
            case HybridEsTrack.SearchMethod:
                var noise = TensorCopy.Floats(_noise);
                for (int k = 0; k < _config.Trials; k++)
                {
                    FillNoise(noise.Slice(k * _parameterCount, _parameterCount), _config.Seed, iteration, k, _noiseStd);
                }
                // Θ_k = θ − α(g + ε_k), all K at once.
                var stepped = _theta - alpha * _gradient;
                var trials = stepped.unsqueeze(0) - alpha * _noise;
                var (costs, crossEntropy, trialLogits) = Costs(trials, _loader.Images, _loader.Labels);
                TensorCopy.Floats(costs.contiguous()).CopyTo(_costs);
                int best = 0;
                for (int k = 1; k < _costs.Length; k++)
                {
                    if (_costs[k] < _costs[best])
                    {
                        best = k; // the first of equal costs, so the choice is the same everywhere
                    }
                }
                LastChoice = (iteration, best);
                _theta.copy_(trials[best]);
                _gradient.add_(_noise[best]);
                // The chosen trial was scored on this minibatch already: no further forward pass.
                return (crossEntropy[best].item<float>(), trialLogits[best].argmax(1).eq(_loader.Labels).sum().item<long>());
            default:
                break; // "none": the stochastic step changes nothing
        }
        var logits = Logits(_theta, _loader.Images);
        return (F.cross_entropy(logits, _loader.Labels).item<float>(), logits.argmax(1).eq(_loader.Labels).sum().item<long>());
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var threads = Threads.Use(_config.Threads);
        return ClassifierEvaluation.Score(set, x => Logits(_theta, x));
    }

    /// <summary>The iteration and noise member of the last candidate applied (its key: seed, search stream, iteration, member).</summary>
    public (long Iteration, int Member)? LastChoice { get; private set; }

    /// <summary>The current parameters (flat, model-file layout).</summary>
    public float[] Parameters() => TensorCopy.ToArray(_theta);

    /// <summary>The gradient carried forward (flat).</summary>
    public float[] CarriedGradient() => TensorCopy.ToArray(_gradient);

    /// <inheritdoc />
    public TrainerState ExportState() => new()
    {
        Arrays = { ["theta"] = Parameters(), ["gradient"] = CarriedGradient() },
    };

    /// <inheritdoc />
    public void ImportState(TrainerState state)
    {
        EdgePopup.EdgePopupTrainer.Restore(_theta, state, "theta");
        EdgePopup.EdgePopupTrainer.Restore(_gradient, state, "gradient");
    }

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => new()
    {
        Dataset = dataset,
        Architecture = new MlpArchitecture(_sizes[0], [_sizes[1]], _sizes[2], bias: true, Activation.Sigmoid),
        Family = PolicyFamily.Dense,
        Parameters = Parameters(),
        Provenance = provenance,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _loader.Dispose();
        _noise.Dispose();
        _gradient.Dispose();
        _theta.Dispose();
    }
}
