using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Hybrid-ES (Bartolo, Algorithm 2, single node) on the <see cref="HybridEsNetwork"/>, in this process. Every r-th
/// iteration is a full backprop step θ −= α·g (g from autograd, kept); in between, K candidate gradients g + ε_k are
/// tried, ε_k the Gaussian vector of <see cref="Sandbox.Core.Perturbations.NoiseKey"/>(seed, search stream, iteration,
/// k) — so any process reconstructs the chosen one from k alone — all K trial parameter sets scored on the
/// iteration's minibatch with one batched product per layer, and the lowest-cost one applied and kept as the gradient
/// going forward. <see cref="HybridEsWorkerTrainer"/> runs the trials on the engine's workers instead.
/// </summary>
public sealed class HybridEsTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly HybridEsNetwork _network;
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
        _network = new HybridEsNetwork(config, train);
        _parameterCount = _network.ParameterCount;
        _theta = TensorCopy.FromSpan(_network.Initial(config.Seed), _parameterCount);
        _gradient = zeros(_parameterCount);
        int trials = UsesSearch ? config.Trials : 1;
        _noise = zeros(trials, _parameterCount);
        _costs = new float[trials];
        _loader = new MinibatchLoader(train, config.BatchSize, config.Seed);
        _noiseStd = (float)NoiseStd(config);
        Describe = $"{_network.Describe}; {Method(config)}";
    }

    private bool UsesSearch => _config.Method == HybridEsTrack.SearchMethod;

    /// <summary>The standard deviation of the noise on the MEAN gradient the config asks for (see <see cref="TrackConfig.NoiseScale"/>).</summary>
    public static double NoiseStd(TrackConfig config) =>
        config.NoiseScale == "literal" ? Math.Sqrt(config.Sigma2) : config.Sigma2 / config.BatchSize;

    internal static string Method(TrackConfig c) => c.Method switch
    {
        HybridEsTrack.ReferenceMethod => "batch gradient descent",
        HybridEsTrack.SearchMethod => $"r = {c.Interval}, K = {c.Trials}, sigma2 = {c.Sigma2} ({c.NoiseScale} scale)",
        HybridEsTrack.ReuseMethod => $"r = {c.Interval}, previous gradient re-applied (no search)",
        _ => $"r = {c.Interval}, stochastic steps change nothing",
    };

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

    /// <summary>Fills row k of the noise tensor with ε_k of <paramref name="iteration"/> (the reconstruction rule).</summary>
    public static void FillNoise(Span<float> destination, ulong seed, long iteration, int k, float std) =>
        HybridEsNetwork.FillNoise(destination, seed, iteration, k, std);

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
                    var (loss, right) = _network.FullStep(_theta, _gradient, _loader.Images, _loader.Labels, alpha, _config.WeightDecay);
                    lossSum += loss;
                    correct += right;
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
        var extra = StepCounters(full, stochastic, fullSeconds, stochasticSeconds, _parameterCount);
        return new EpochStats(b == _loader.BatchesPerEpoch, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, alpha, extra);
    }

    /// <summary>
    /// An epoch's step counts and times, and the bytes of the paper's resource model (Fig. 13): what one worker would
    /// send — the parameters for a full step, member and cost for a stochastic one — and plain batch GD's.
    /// </summary>
    internal static Dictionary<string, double> StepCounters(int full, int stochastic, double fullSeconds, double stochasticSeconds, long parameterCount) => new()
    {
        ["full_steps"] = full,
        ["stochastic_steps"] = stochastic,
        ["full_seconds"] = fullSeconds,
        ["stochastic_seconds"] = stochasticSeconds,
        ["wire_bytes"] = full * 4.0 * parameterCount + stochastic * (double)StochasticStepBytes,
        ["bgd_wire_bytes"] = (full + stochastic) * 4.0 * parameterCount,
    };

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
                var (costs, crossEntropy, trialLogits) = _network.Costs(trials, _loader.Images, _loader.Labels, _config.WeightDecay);
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
        var logits = _network.Logits(_theta, _loader.Images);
        return (F.cross_entropy(logits, _loader.Labels).item<float>(), logits.argmax(1).eq(_loader.Labels).sum().item<long>());
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var threads = Threads.Use(_config.Threads);
        return ClassifierEvaluation.Score(set, x => _network.Logits(_theta, x));
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
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => _network.ToModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public void Dispose()
    {
        _loader.Dispose();
        _noise.Dispose();
        _gradient.Dispose();
        _theta.Dispose();
    }
}
