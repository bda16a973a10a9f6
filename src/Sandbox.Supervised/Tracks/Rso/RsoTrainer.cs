using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.EdgePopup;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>
/// RSO (random search optimisation): one epoch is one cycle over every parameter, from the classifier towards the
/// input; each weight tries w + Δ and w − Δ (Δ ~ N(0, σ_d,c), σ annealed linearly from σ_d to σ_d/10 over the
/// cycles) on a minibatch and keeps the best of the three, never one that raises the loss; each convolution's
/// batch-norm parameters are searched the same way after its weights. Before a layer is searched, its input is
/// cached for the whole training set (the layers before it are frozen, with population statistics), so a
/// minibatch costs a gather and the candidates only the layer itself onwards (<see cref="RsoConvSearch"/>).
/// </summary>
public sealed class RsoTrainer : ITrackTrainer
{
    /// <summary>Sequential updates (the paper's default).</summary>
    public const string Sequential = "sequential";

    /// <summary>Every weight of a convolution searched from the state at the start of the layer; accepted changes merged at its end.</summary>
    public const string LayerParallel = "layer-parallel";

    /// <summary>Each output channel's weights searched sequentially from the layer-start state of the other channels; merged at the end of the layer.</summary>
    public const string NeuronParallel = "neuron-parallel";

    /// <summary>Largest cached activation per example (floats): a larger input is recomputed from the nearest smaller earlier one.</summary>
    public const int CacheFloatsPerExample = 4096;

    /// <summary>Examples whose chunked statistics become the population statistics.</summary>
    public const int CalibrationExamples = 10_000;

    private const int Chunk = 1000;
    private readonly TrackConfig _config;
    private readonly RsoNetwork _network;
    private readonly Tensor _images;
    private readonly Tensor _labels;
    private readonly Tensor _calibration;
    private readonly MinibatchSchedule _schedule;
    private readonly int[] _indices;
    private long _step;
    private long _tried, _accepted;
    private double _lossSum;
    private long _lossCount;

    /// <summary>A trainer at cycle 0 for a valid <paramref name="config"/>.</summary>
    public RsoTrainer(TrackConfig config, TrackData data)
    {
        _config = config;
        Threads.Use(config.Threads);
        var train = data.Train;
        var architecture = RsoArchitecture.Create(config.Architecture, train.Channels, train.Height, train.Width, train.ClassCount)
            ?? throw new TrackConfigException($"architecture '{config.Architecture}' is unknown to rso");
        _network = RsoNetwork.Create(architecture, config.Seed);
        _images = TensorCopy.FromSpan(train.Pixels.Span, train.Count, train.Channels, train.Height, train.Width);
        var labels = new long[train.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = train.Labels.Span[i];
        }
        _labels = tensor(labels);
        _calibration = _images.narrow(0, 0, Math.Min(train.Count, CalibrationExamples));
        _schedule = new MinibatchSchedule(train.Count, config.BatchSize, config.Seed, dropLast: true);
        _indices = new int[config.BatchSize];
        Describe = architecture.Describe() + $"; RSO {config.Method}, batch {config.BatchSize} per weight" +
            (config.ResampleEvery > 1 ? $" (one minibatch per {config.ResampleEvery} parameters)" : "");
        _network.Calibrate(_calibration, Chunk);
    }

    /// <summary>The network (for tests and the throughput benchmark).</summary>
    public RsoNetwork Network => _network;

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _network.Architecture.WeightCount + 2L * _network.Architecture.Convs.Sum(c => c.Out);

    /// <summary>Progress steps per cycle: the classifier, then each convolution.</summary>
    public int BatchesPerEpoch => _network.ConvCount + 1;

    /// <summary>
    /// Tests only: search every n-th weight (and batch-norm parameter) of each layer (1, the default, is the algorithm). Keeps a cycle of a deep
    /// network short in tests while every layer's search path still runs.
    /// </summary>
    internal int WeightStride { get; set; } = 1;

    /// <summary>Observes every decision (layer, loss before, loss after) — for tests.</summary>
    public Action<int, float, float>? Decision { get; set; }

    /// <summary>σ multiplier of cycle <paramref name="cycle"/> of an anneal over <paramref name="cycles"/>: 1 at the first, 1/10 at the last and after, linear between.</summary>
    public static double Anneal(int cycle, int cycles) => cycles <= 1 ? 1.0 : 1.0 - 0.9 * Math.Min(cycle, cycles - 1) / (cycles - 1);

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        using var _ = no_grad();
        _tried = _accepted = 0;
        _lossSum = 0;
        _lossCount = 0;
        double scale = Anneal(epoch, _config.AnnealCycles > 0 ? _config.AnnealCycles : _config.Epochs);
        long samples = 0;
        _network.Calibrate(_calibration, Chunk);
        int progress = 0;
        samples += SearchClassifier(epoch, scale, cancel);
        batchDone?.Invoke(++progress);
        for (int d = _network.ConvCount - 1; d >= 0 && !cancel.IsCancellationRequested; d--)
        {
            samples += SearchConvolution(d, epoch, scale, cancel);
            batchDone?.Invoke(++progress);
        }
        _network.Calibrate(_calibration, Chunk);
        bool completed = !cancel.IsCancellationRequested;
        return new EpochStats(completed, samples, _lossCount == 0 ? double.NaN : _lossSum / _lossCount, double.NaN, scale,
            new Dictionary<string, double>
            {
                ["sigma_scale"] = scale,
                ["candidates"] = 2 * _tried,
                ["accepted_fraction"] = _tried == 0 ? 0 : (double)_accepted / _tried,
                ["minibatches"] = _lossCount,
            });
    }

    private float[] Deltas(int count, int epoch, uint member, double sigma, double scale)
    {
        var deltas = new float[count];
        PerturbationGenerator.Fill(deltas, new NoiseKey(_config.Seed, NoiseKey.SearchStream, (uint)epoch, member), 0, NoiseDistribution.Gaussian, (float)(sigma * scale));
        return deltas;
    }

    private Tensor NextBatch(out Tensor labels)
    {
        _schedule.Batch(_step++, _indices);
        var index = new long[_indices.Length];
        for (int i = 0; i < index.Length; i++)
        {
            index[i] = _indices[i];
        }
        var t = tensor(index);
        labels = _labels.index_select(0, t);
        return t;
    }

    private void Record(float loss)
    {
        _lossSum += loss;
        _lossCount++;
    }

    /// <summary>
    /// The cache point of layer <paramref name="layer"/>: the latest layer input at or before it small enough to keep
    /// for every example and spanned by no skip connection (so the rest of the network is a function of it).
    /// </summary>
    private int CachePoint(int layer)
    {
        int p = layer;
        while (p > 0 && (_network.Architecture.InputFloats(p) > CacheFloatsPerExample || !_network.Architecture.IsBoundary(p)))
        {
            p--;
        }
        return p;
    }

    /// <summary>Layer <paramref name="point"/>'s input for the whole training set (population statistics), in chunks.</summary>
    private Tensor CacheInputs(int point)
    {
        if (point == 0)
        {
            return _images.alias();
        }
        long n = _images.shape[0];
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += Chunk)
        {
            using var x = _images.narrow(0, start, Math.Min(Chunk, n - start));
            parts.Add(_network.Prefix(x, 0, point));
        }
        var all = cat(parts, 0);
        parts.ForEach(p => p.Dispose());
        return all;
    }

    private long SearchClassifier(int epoch, double scale, CancellationToken cancel)
    {
        int layers = _network.ConvCount;
        Tensor features;
        {
            using var cache = CacheInputs(CachePoint(layers));
            long n = cache.shape[0];
            var parts = new List<Tensor>();
            for (long start = 0; start < n; start += Chunk)
            {
                using var x = cache.narrow(0, start, Math.Min(Chunk, n - start));
                using var a = _network.Prefix(x, CachePoint(layers), layers);
                parts.Add(a.mean([2, 3]));
            }
            features = cat(parts, 0);
            parts.ForEach(p => p.Dispose());
        }
        using var __ = features;
        using var search = new RsoClassifierSearch(_network);
        var weights = TensorCopy.Floats(_network.Classifier);
        int inputs = (int)_network.Classifier.shape[1];
        var deltas = Deltas(weights.Length, epoch, (uint)layers, _network.Sigma[layers], scale);
        long samples = 0;
        for (int j = 0; j < weights.Length && !cancel.IsCancellationRequested; j += WeightStride)
        {
            if (j / WeightStride % _config.ResampleEvery == 0)
            {
                using var index = NextBatch(out var labels);
                using (labels)
                {
                    search.Load(features.index_select(0, index), labels);
                }
                Record(search.Loss);
                samples += _config.BatchSize;
            }
            float delta = deltas[j];
            int cls = j / inputs, input = j % inputs;
            var losses = search.Candidates([cls, cls], [input, input], [delta, -delta]);
            int best = Choose(losses, search.Loss, weights[j], delta);
            _tried++;
            if (best >= 0)
            {
                float before = search.Loss;
                weights[j] += best == 0 ? delta : -delta;
                search.Accept(best, losses[best]);
                _accepted++;
                Decision?.Invoke(layers, before, search.Loss);
            }
        }
        return samples;
    }

    /// <summary>The candidate to accept (0: +Δ, 1: −Δ) or −1 when neither lowers loss + weight decay below the current value.</summary>
    private int Choose(float[] losses, float current, float weight, float delta)
    {
        double decay = _config.WeightDecay;
        double plus = losses[0] + decay * ((weight + delta) * (weight + delta) - weight * weight);
        double minus = losses[1] + decay * ((weight - delta) * (weight - delta) - weight * weight);
        int best = plus <= minus ? 0 : 1;
        double value = best == 0 ? plus : minus;
        return value < current ? best : -1;
    }

    private long SearchConvolution(int layer, int epoch, double scale, CancellationToken cancel)
    {
        using var search = new RsoConvSearch(_network, layer);
        int point = CachePoint(search.LoadFrom);
        using var cache = CacheInputs(point);
        long samples = 0;
        void Load()
        {
            using var index = NextBatch(out var labels);
            using (labels)
            using (var x = cache.index_select(0, index))
            {
                search.Load(_network.Prefix(x, point, search.LoadFrom), labels);
            }
            Record(search.Loss);
            samples += _config.BatchSize;
        }
        var weights = TensorCopy.Floats(_network.Weights[layer]);
        var conv = _network.Architecture.Convs[layer];
        int perChannel = conv.In * 9;
        var deltas = Deltas(weights.Length, epoch, (uint)layer, _network.Sigma[layer], scale);
        if (_config.Method == Sequential)
        {
            for (int j = 0; j < weights.Length && !cancel.IsCancellationRequested; j += WeightStride)
            {
                if (j / WeightStride % _config.ResampleEvery == 0)
                {
                    Load();
                }
                int o = j / perChannel, c = j / 9 % conv.In, ky = j / 3 % 3, kx = j % 3;
                float delta = deltas[j];
                var losses = search.WeightCandidates([o, o], [c, c], [ky, ky], [kx, kx], [delta, -delta]);
                int best = Choose(losses, search.Loss, weights[j], delta);
                _tried++;
                if (best >= 0)
                {
                    float before = search.Loss;
                    weights[j] += best == 0 ? delta : -delta;
                    search.Accept(best, o, losses[best]);
                    _accepted++;
                    Decision?.Invoke(layer, before, search.Loss);
                }
            }
        }
        else if (_config.Method == LayerParallel)
        {
            SearchLayerParallel(search, Load, weights, deltas, conv, cancel);
        }
        else
        {
            SearchNeuronParallel(search, Load, layer, deltas, conv, cancel);
        }
        // Batch norm of the layer after its weights: scale then shift of each channel.
        var gamma = TensorCopy.Floats(_network.Gamma[layer]);
        var beta = TensorCopy.Floats(_network.Beta[layer]);
        var normDeltas = Deltas(2 * conv.Out, epoch, (uint)(_network.ConvCount + 1 + layer), _network.Sigma[layer], scale);
        for (int j = 0; j < 2 * conv.Out && !cancel.IsCancellationRequested; j += WeightStride)
        {
            if (j / WeightStride % _config.ResampleEvery == 0 || (j == 0 && _config.Method != Sequential))
            {
                Load();
            }
            int o = j % conv.Out;
            bool isScale = j < conv.Out;
            float delta = normDeltas[j];
            float g = gamma[o], b = beta[o];
            var losses = isScale
                ? search.NormCandidates([o, o], [g + delta, g - delta], [b, b])
                : search.NormCandidates([o, o], [g, g], [b + delta, b - delta]);
            int best = Choose(losses, search.Loss, 0, 0);
            _tried++;
            if (best >= 0)
            {
                float before = search.Loss;
                float signed = best == 0 ? delta : -delta;
                if (isScale)
                {
                    gamma[o] += signed;
                }
                else
                {
                    beta[o] += signed;
                }
                search.Accept(best, o, losses[best]);
                _accepted++;
                Decision?.Invoke(layer, before, search.Loss);
            }
        }
        return samples;
    }

    /// <summary>
    /// Layer-parallel search (§4.6): every weight's ±Δ is evaluated from the layer-start state (in groups of candidates
    /// stacked in one forward), the better-than-current choices are remembered and merged into the layer at its end.
    /// </summary>
    private void SearchLayerParallel(RsoConvSearch search, Action load, Span<float> weights, float[] deltas, RsoConv conv, CancellationToken cancel)
    {
        int perChannel = conv.In * 9;
        int group = Math.Max(1, Math.Min(_config.ResampleEvery, ParallelGroup(search)));
        var pending = new float[weights.Length];
        int window = Math.Max(_config.ResampleEvery, 1);
        Span<int> channels = stackalloc int[2 * group], inputs = stackalloc int[2 * group], rows = stackalloc int[2 * group], columns = stackalloc int[2 * group];
        var signed = new float[2 * group];
        for (int start = 0; start < weights.Length && !cancel.IsCancellationRequested; start += group)
        {
            if (start % window < group)
            {
                load();
            }
            int count = Math.Min(group, weights.Length - start);
            for (int i = 0; i < count; i++)
            {
                int j = start + i;
                int o = j / perChannel, c = j / 9 % conv.In, ky = j / 3 % 3, kx = j % 3;
                channels[2 * i] = channels[2 * i + 1] = o;
                inputs[2 * i] = inputs[2 * i + 1] = c;
                rows[2 * i] = rows[2 * i + 1] = ky;
                columns[2 * i] = columns[2 * i + 1] = kx;
                signed[2 * i] = deltas[j];
                signed[2 * i + 1] = -deltas[j];
            }
            var losses = search.WeightCandidates(channels[..(2 * count)], inputs[..(2 * count)], rows[..(2 * count)], columns[..(2 * count)], signed.AsSpan(0, 2 * count));
            for (int i = 0; i < count; i++)
            {
                int j = start + i;
                int best = Choose([losses[2 * i], losses[2 * i + 1]], search.Loss, weights[j], deltas[j]);
                _tried++;
                if (best >= 0)
                {
                    pending[j] = best == 0 ? deltas[j] : -deltas[j];
                    _accepted++;
                }
            }
        }
        for (int j = 0; j < weights.Length; j++)
        {
            weights[j] += pending[j];
        }
        search.Recompute();
    }

    /// <summary>
    /// Neuron-parallel search (§4.6): each output channel walks through its weights sequentially, seeing its own
    /// accepted changes and the layer-start state of the other channels; the channels' candidates at the same
    /// position are evaluated together, and all channels' changes are merged at the end of the layer.
    /// </summary>
    private void SearchNeuronParallel(RsoConvSearch search, Action load, int layer, float[] deltas, RsoConv conv, CancellationToken cancel)
    {
        var weights = TensorCopy.Floats(_network.Weights[layer]);
        int perChannel = conv.In * 9;
        var local = weights.ToArray();
        var losses = new float[conv.Out];
        int window = Math.Max(1, _config.ResampleEvery / conv.Out);
        int group = 0;
        var all = Enumerable.Range(0, conv.Out).ToArray();
        var zeros = new int[conv.Out];
        for (int p = 0; p < perChannel && !cancel.IsCancellationRequested; p++)
        {
            if (p % window == 0)
            {
                load();
                using (var w = TensorCopy.FromSpan(local, _network.Weights[layer].shape))
                {
                    search.UseLocalWeights(w);
                }
                group = Math.Max(1, Math.Min(conv.Out, ParallelGroup(search)));
                // Each channel's current loss: its local state with no change.
                var current = search.WeightCandidates(all, zeros, zeros, zeros, new float[conv.Out]);
                current.CopyTo(losses, 0);
            }
            int c = p / 9, ky = p / 3 % 3, kx = p % 3;
            for (int first = 0; first < conv.Out; first += group)
            {
                int count = Math.Min(group, conv.Out - first);
                var channels = new int[2 * count];
                var signed = new float[2 * count];
                for (int i = 0; i < count; i++)
                {
                    int j = (first + i) * perChannel + p;
                    channels[2 * i] = channels[2 * i + 1] = first + i;
                    signed[2 * i] = deltas[j];
                    signed[2 * i + 1] = -deltas[j];
                }
                var inputs = Enumerable.Repeat(c, 2 * count).ToArray();
                var rows = Enumerable.Repeat(ky, 2 * count).ToArray();
                var columns = Enumerable.Repeat(kx, 2 * count).ToArray();
                var results = search.WeightCandidates(channels, inputs, rows, columns, signed);
                for (int i = 0; i < count; i++)
                {
                    int o = first + i, j = o * perChannel + p;
                    int best = Choose([results[2 * i], results[2 * i + 1]], losses[o], local[j], deltas[j]);
                    _tried++;
                    if (best >= 0)
                    {
                        local[j] += best == 0 ? deltas[j] : -deltas[j];
                        losses[o] = results[2 * i + best];
                        search.AcceptLocal(2 * i + best, o);
                        _accepted++;
                    }
                }
            }
        }
        local.CopyTo(weights);
        search.UseLocalWeights(null);
        search.Recompute();
    }

    /// <summary>Weights per stacked forward in the parallel strategies: as many as keep the stacked activations near 256 MB.</summary>
    private static int ParallelGroup(RsoConvSearch search) => (int)Math.Clamp(256L * 1024 * 1024 / Math.Max(1, search.StackedBytesPerCandidate) / 2, 1, 64);

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var _ = no_grad();
        return ClassifierEvaluation.Score(set, _network.EvalLogits);
    }

    /// <inheritdoc />
    public TrainerState ExportState()
    {
        var state = new TrainerState();
        foreach (var (name, t) in _network.Named())
        {
            state.Arrays[name] = TensorCopy.ToArray(t);
        }
        state.Scalars["step"] = _step;
        return state;
    }

    /// <inheritdoc />
    public void ImportState(TrainerState state)
    {
        foreach (var (name, t) in _network.Named())
        {
            EdgePopupTrainer.Restore(t, state, name);
        }
        _step = state.Scalars.TryGetValue("step", out double step) ? (long)step
            : throw new TrackConfigException("checkpoint does not match the configuration: 'step' is missing");
    }

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => null; // a convolutional network: see ToConvModel

    /// <inheritdoc />
    public ConvClassifierModel? ToConvModel(string dataset, ArtifactProvenance provenance) => new()
    {
        Dataset = dataset,
        Kind = ConvClassifiers.RsoKind,
        Architecture = _network.Architecture.Name,
        Shape = [_network.Architecture.Channels, _network.Architecture.Height, _network.Architecture.Width, _network.Architecture.Classes],
        Tensors = _network.Named().ToDictionary(p => p.Name, p => TensorCopy.ToArray(p.Tensor)),
        Provenance = provenance,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _calibration.Dispose();
        _images.Dispose();
        _labels.Dispose();
        _network.Dispose();
    }
}
