using System.Diagnostics;
using System.Globalization;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>
/// Candidate evaluations per second of RSO on one fixed minibatch, layer by layer, for (a) the naive form — change
/// the weight, run the whole network, restore it — and (b) ours (<see cref="RsoConvSearch"/>: cached layer input,
/// one channel updated, the next layer updated incrementally, candidates ±Δ stacked in one forward). The cycle
/// figure weights each layer by its number of weights, i.e. it is 2·|W| divided by the time one cycle over all
/// weights would take at these rates (minibatch draws and caching excluded).
/// </summary>
public static class RsoThroughput
{
    /// <summary>PyTorch 1.13 on this machine, 2 threads, batch 5000 (from the issue): naive full forward per candidate.</summary>
    public const string NaiveReference = "PyTorch naive 0.47/s (0.76 channels-last) at batch 5000";

    /// <summary>The PyTorch input-cached figure.</summary>
    public const string CachedReference = "PyTorch input-cached 2.34/s (4.06 channels-last) at batch 5000";

    /// <summary>Measures both forms at <paramref name="batchSizes"/> for the network of <paramref name="config"/>.</summary>
    public static IReadOnlyList<ThroughputRow> Measure(TrackConfig config, Dataset dataset, IReadOnlyList<int> batchSizes, double seconds, Action<string>? progress)
    {
        Threads.Use(config.Threads);
        using var _ = no_grad();
        var train = dataset.Train;
        var architecture = RsoArchitecture.Create(config.Architecture, train.Channels, train.Height, train.Width, train.ClassCount)
            ?? throw new TrackConfigException($"architecture '{config.Architecture}' is unknown to rso");
        int largest = batchSizes.Max();
        if (largest > train.Count)
        {
            throw new TrackConfigException($"batch {largest} exceeds the {train.Count} training examples");
        }
        using var network = RsoNetwork.Create(architecture, config.Seed);
        using var all = TensorCopy.FromSpan(train.Pixels.Span[..(largest * train.SampleSize)], largest, train.Channels, train.Height, train.Width);
        var labelValues = new long[largest];
        for (int i = 0; i < largest; i++)
        {
            labelValues[i] = train.Labels.Span[i];
        }
        using var allLabels = tensor(labelValues);
        network.Calibrate(all, Math.Min(1000, largest));
        var rows = new List<ThroughputRow>();
        foreach (int batch in batchSizes)
        {
            using var images = all.narrow(0, 0, batch);
            using var labels = allLabels.narrow(0, 0, batch);
            var naive = new double[network.ConvCount + 1];
            var ours = new double[network.ConvCount + 1];
            for (int layer = network.ConvCount; layer >= 0; layer--)
            {
                naive[layer] = Naive(network, images, labels, layer, seconds);
                ours[layer] = layer == network.ConvCount ? Classifier(network, images, labels, seconds) : Cached(network, images, labels, layer, seconds);
                progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"batch {batch}, {LayerName(network, layer)}: naive {naive[layer]:0.00}/s, ours {ours[layer]:0.00}/s"));
            }
            double naiveCycle = CycleRate(network, naive), oursCycle = CycleRate(network, ours);
            rows.Add(new ThroughputRow("naive: full forward per candidate", batch, "candidate evaluations/s", naiveCycle,
                Detail(network, naive), batch == 5000 ? NaiveReference : ""));
            rows.Add(new ThroughputRow("ours: cached input, incremental channel, ±Δ stacked", batch, "candidate evaluations/s", oursCycle,
                string.Create(CultureInfo.InvariantCulture, $"{oursCycle / naiveCycle:0.0}× naive; ") + Detail(network, ours), batch == 5000 ? CachedReference : ""));
        }
        return rows;
    }

    private static string LayerName(RsoNetwork network, int layer) => layer == network.ConvCount ? "fc" : $"conv{layer + 1}";

    private static int Weights(RsoNetwork network, int layer) =>
        (int)(layer == network.ConvCount ? network.Classifier.numel() : network.Weights[layer].numel());

    /// <summary>2·|W| over the time of one cycle at the per-layer rates.</summary>
    private static double CycleRate(RsoNetwork network, double[] rates)
    {
        double evaluations = 0, time = 0;
        for (int l = 0; l < rates.Length; l++)
        {
            evaluations += 2.0 * Weights(network, l);
            time += 2.0 * Weights(network, l) / rates[l];
        }
        return evaluations / time;
    }

    private static string Detail(RsoNetwork network, double[] rates) =>
        string.Join(", ", Enumerable.Range(0, rates.Length).Select(l => string.Create(CultureInfo.InvariantCulture, $"{LayerName(network, l)} {rates[l]:0.##}/s")));

    private static double Naive(RsoNetwork network, Tensor images, Tensor labels, int layer, double seconds)
    {
        var weights = TensorCopy.Floats(layer == network.ConvCount ? network.Classifier : network.Weights[layer]);
        using (var warm = network.SearchLogits(images, layer))
        {
            warm.sum().item<float>(); // first call of a shape builds the convolution primitives: not timed
        }
        long started = Stopwatch.GetTimestamp();
        int count = 0;
        while (count < 2 || (count < 200 && Stopwatch.GetElapsedTime(started).TotalSeconds < seconds))
        {
            int j = count * 37 % weights.Length;
            float original = weights[j];
            weights[j] = original + (count % 2 == 0 ? 0.01f : -0.01f);
            using (var logits = network.SearchLogits(images, layer))
            using (var loss = F.cross_entropy(logits, labels))
            {
                loss.item<float>();
            }
            weights[j] = original;
            count++;
        }
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Cached(RsoNetwork network, Tensor images, Tensor labels, int layer, double seconds)
    {
        using var search = new RsoConvSearch(network, layer);
        search.Load(network.Prefix(images, 0, search.LoadFrom), labels);
        var conv = network.Architecture.Convs[layer];
        int total = conv.Out * conv.In * 9;
        search.WeightCandidates([0, 0], [0, 0], [0, 0], [0, 0], [0.01f, -0.01f]); // warm-up, not timed
        long started = Stopwatch.GetTimestamp();
        int count = 0;
        while (count < 4 || (count < 20_000 && Stopwatch.GetElapsedTime(started).TotalSeconds < seconds))
        {
            int j = count / 2 * 37 % total;
            int o = j / (conv.In * 9), c = j / 9 % conv.In, ky = j / 3 % 3, kx = j % 3;
            search.WeightCandidates([o, o], [c, c], [ky, ky], [kx, kx], [0.01f, -0.01f]);
            count += 2;
        }
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Classifier(RsoNetwork network, Tensor images, Tensor labels, double seconds)
    {
        using var search = new RsoClassifierSearch(network);
        using (var a = network.Prefix(images, 0, network.ConvCount))
        {
            search.Load(a.mean([2, 3]), labels);
        }
        int inputs = (int)network.Classifier.shape[1];
        long started = Stopwatch.GetTimestamp();
        int count = 0;
        while (count < 4 || (count < 200_000 && Stopwatch.GetElapsedTime(started).TotalSeconds < seconds))
        {
            int j = count / 2 * 7 % (int)network.Classifier.numel();
            search.Candidates([j / inputs, j / inputs], [j % inputs, j % inputs], [0.01f, -0.01f]);
            count += 2;
        }
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
