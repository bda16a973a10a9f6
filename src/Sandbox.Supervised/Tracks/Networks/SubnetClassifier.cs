using System.Globalization;
using Sandbox.Core.Perturbations;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// The edge-popup networks, bias-free with ReLU: "fc" (inputs-300-100-classes) and the paper's VGG-like
/// "conv2/4/6/8" (3×3 convolutions 64-64 / +128-128 / +256-256 / +512-512, 2×2 max-pool after each pair, then
/// 256-256-classes), every width times the multiplier. No batch norm: these architectures have none. Masked
/// networks freeze their weights at the chosen distribution and train scores (initialised U(±1/√fan_in), PyTorch's
/// default layer init); dense ones train Kaiming-normal weights.
/// </summary>
public sealed class SubnetClassifier : IDisposable
{
    private readonly SubnetLayer[] _layers;
    private readonly int _convolutions;

    private SubnetClassifier(string architecture, SubnetLayer[] layers, int convolutions, string description)
    {
        Architecture = architecture;
        _layers = layers;
        _convolutions = convolutions;
        Description = description;
    }

    /// <summary>Architecture name.</summary>
    public string Architecture { get; }

    /// <summary>E.g. "fc 784-300-100-10".</summary>
    public string Description { get; }

    /// <summary>Layers in order (convolutions first).</summary>
    public IReadOnlyList<SubnetLayer> Layers => _layers;

    /// <summary>Whether the network is fully connected only.</summary>
    public bool IsFullyConnected => _convolutions == 0;

    /// <summary>Architecture names this class builds.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fc", "conv2", "conv4", "conv6", "conv8"];

    /// <summary>Layer widths of a fully connected network ("fc" only): inputs, hidden..., classes.</summary>
    public int[] FullyConnectedSizes()
    {
        if (!IsFullyConnected)
        {
            throw new InvalidOperationException("not a fully connected network");
        }
        return [(int)_layers[0].Weight.shape[1], .. _layers.Select(l => (int)l.Weight.shape[0])];
    }

    /// <summary>
    /// Builds <paramref name="architecture"/> for images of (channels, height, width) and <paramref name="classes"/>.
    /// <paramref name="masked"/> chooses edge-popup (frozen weights from <paramref name="distribution"/>, scores) or dense.
    /// Weights come from (seed, weights stream, layer), scores from (seed, initial-scores stream, layer).
    /// </summary>
    public static SubnetClassifier Build(string architecture, double widthMultiplier, int channels, int height, int width, int classes,
        bool masked, WeightDistribution distribution, double keep, ulong seed)
    {
        int Scale(int w) => Math.Max(1, (int)Math.Round(w * widthMultiplier));
        var layers = new List<SubnetLayer>();
        string description;
        int convolutions = 0;
        int inputs;
        if (architecture == "fc")
        {
            inputs = channels * height * width;
            description = "fc";
        }
        else
        {
            int pairs = architecture switch
            {
                "conv2" => 1,
                "conv4" => 2,
                "conv6" => 3,
                "conv8" => 4,
                _ => throw new ArgumentException($"unknown architecture '{architecture}': expected one of {string.Join(", ", Names)}"),
            };
            if (height >> pairs < 1 || width >> pairs < 1)
            {
                throw new ArgumentException($"{architecture} pools {pairs} times: {height}x{width} images are too small");
            }
            int inChannels = channels;
            var widths = new List<int>();
            for (int p = 0; p < pairs; p++)
            {
                int c = Scale(64 << p);
                for (int repeat = 0; repeat < 2; repeat++)
                {
                    layers.Add(Layer(layers.Count, true, c, inChannels, masked, distribution, keep, seed));
                    widths.Add(c);
                    inChannels = c;
                }
            }
            convolutions = layers.Count;
            inputs = inChannels * (height >> pairs) * (width >> pairs);
            description = $"{architecture} {string.Join("-", widths)}, fc";
        }
        int[] hidden = architecture == "fc" ? [Scale(300), Scale(100)] : [Scale(256), Scale(256)];
        int previous = inputs;
        foreach (int h in hidden.Append(classes))
        {
            layers.Add(Layer(layers.Count, false, h, previous, masked, distribution, keep, seed));
            previous = h;
        }
        description += " " + string.Join("-", new[] { inputs }.Concat(hidden).Append(classes).Select(v => v.ToString(CultureInfo.InvariantCulture))) + ", no biases";
        return new SubnetClassifier(architecture, [.. layers], convolutions, description);
    }

    /// <summary>The tensor name of layer <paramref name="index"/>'s effective weights in a convolutional model file.</summary>
    public static string LayerName(int index) => string.Create(CultureInfo.InvariantCulture, $"layer.{index}");

    /// <summary>
    /// A dense network of <paramref name="architecture"/> whose weights are the saved effective weights
    /// (<see cref="LayerName"/>, torch layout): widths follow from the tensor sizes, so any width multiplier loads.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown architecture, or tensors that do not form it.</exception>
    public static SubnetClassifier FromEffective(string architecture, int channels, int height, int width, int classes, IReadOnlyDictionary<string, float[]> tensors)
    {
        int pairs = architecture switch
        {
            "conv2" => 1,
            "conv4" => 2,
            "conv6" => 3,
            "conv8" => 4,
            _ => throw new ArgumentException($"unknown convolutional architecture '{architecture}'"),
        };
        if (height >> pairs < 1 || width >> pairs < 1 || tensors.Count != 2 * pairs + 3)
        {
            throw new ArgumentException($"expected {2 * pairs + 3} layers for {height}x{width} images");
        }
        var layers = new List<SubnetLayer>();
        try
        {
            int inputs = channels;
            for (int i = 0; i < tensors.Count; i++)
            {
                bool convolution = i < 2 * pairs;
                if (i == 2 * pairs)
                {
                    inputs *= (height >> pairs) * (width >> pairs);
                }
                int fanIn = convolution ? inputs * 9 : inputs;
                if (!tensors.TryGetValue(LayerName(i), out var values) || values.Length == 0 || values.Length % fanIn != 0
                    || (i == tensors.Count - 1 && values.Length / fanIn != classes))
                {
                    throw new ArgumentException($"'{LayerName(i)}' is missing or its size does not fit the previous layer");
                }
                int outputs = values.Length / fanIn;
                long[] shape = convolution ? [outputs, inputs, 3, 3] : [outputs, inputs];
                layers.Add(new SubnetLayer(convolution, TensorCopy.FromSpan(values, shape), null, 1));
                inputs = outputs;
            }
        }
        catch
        {
            layers.ForEach(l => l.Dispose());
            throw;
        }
        string widths = string.Join("-", layers.Select(l => l.Weight.shape[0].ToString(CultureInfo.InvariantCulture)));
        return new SubnetClassifier(architecture, [.. layers], 2 * pairs, $"{architecture} {widths}, no biases");
    }

    private static SubnetLayer Layer(int index, bool convolution, int outputs, int inputs, bool masked, WeightDistribution distribution, double keep, ulong seed)
    {
        int fanIn = convolution ? inputs * 9 : inputs;
        long[] shape = convolution ? [outputs, inputs, 3, 3] : [outputs, inputs];
        int count = outputs * fanIn;
        var values = new float[count];
        if (masked)
        {
            WeightDistributions.Fill(values, distribution, fanIn, keep, new NoiseKey(seed, NoiseKey.WeightsStream, (uint)index, 0));
            var weight = TensorCopy.FromSpan(values, shape);
            PerturbationGenerator.Fill(values, new NoiseKey(seed, NoiseKey.InitialScoresStream, (uint)index, 0), 0, NoiseDistribution.Uniform, (float)(1 / Math.Sqrt(fanIn)));
            return new SubnetLayer(convolution, weight, TensorCopy.FromSpan(values, shape), keep);
        }
        WeightDistributions.Fill(values, WeightDistribution.KaimingNormal, fanIn, 1, new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)index, 0));
        return new SubnetLayer(convolution, TensorCopy.FromSpan(values, shape), null, 1);
    }

    /// <summary>Class logits for a batch of images [batch, channels, height, width].</summary>
    public Tensor Forward(Tensor images)
    {
        var x = images;
        for (int i = 0; i < _convolutions; i++)
        {
            x = F.relu(_layers[i].Forward(x));
            if (i % 2 == 1)
            {
                x = F.max_pool2d(x, [2, 2]);
            }
        }
        x = x.flatten(1);
        for (int i = _convolutions; i < _layers.Length; i++)
        {
            x = _layers[i].Forward(x);
            if (i < _layers.Length - 1)
            {
                x = F.relu(x);
            }
        }
        return x;
    }

    /// <summary>What the optimizer updates, one tensor per layer.</summary>
    public IReadOnlyList<Tensor> Trainable => [.. _layers.Select(l => l.Trainable)];

    /// <summary>Trainable values in total.</summary>
    public long TrainableCount => _layers.Sum(l => l.Trainable.numel());

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var layer in _layers)
        {
            layer.Dispose();
        }
    }
}
