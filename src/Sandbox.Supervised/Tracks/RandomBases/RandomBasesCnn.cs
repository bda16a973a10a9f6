using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// The paper's CNN (§4.1; the authors' "base_conv"): 3×3 convolutions of 32, 64 and 64 channels without padding,
/// ReLU, 2×2 max pooling after the first two, then dense 64 with ReLU and dense to the classes. D = 93,322 on
/// 1×28×28 (MNIST, Fashion-MNIST) and 122,570 on 3×32×32 (CIFAR-10): the first convolution's 2×9×32 extra weights
/// and the dense layer's 64×(4×4 − 3×3)×64 extra inputs make the 29,248 difference. θ per layer: weights (convolutions
/// [out, in, 3, 3], dense [in, out]), then biases; Glorot-uniform weights and zero biases (the Keras defaults the
/// authors trained with).
/// </summary>
public sealed class RandomBasesCnn : FlatNetwork
{
    private readonly int[] _channels;
    private readonly int _hidden;
    private readonly int _classes;
    private readonly int _flat;
    private readonly (int Offset, int Count, int FanIn, int FanOut, long[] Shape)[] _weights;
    private readonly int[] _biasOffsets;
    private readonly int _height;
    private readonly int _width;

    /// <summary>The tensor names of a saved CNN: θ, and the three convolutions' channels and the dense width.</summary>
    private const string ThetaTensor = "theta", WidthsTensor = "widths";

    /// <summary>The CNN for images channels × height × width; <paramref name="width"/> scales channel counts and the dense width.</summary>
    /// <exception cref="TrackConfigException">The images are smaller than 14×14 (nothing would be left to the dense layer).</exception>
    public RandomBasesCnn(int channels, int height, int width, int classes, double widthScale)
        : this(channels, height, width, classes, [Scaled(32, widthScale), Scaled(64, widthScale), Scaled(64, widthScale), Scaled(64, widthScale)])
    {
    }

    private RandomBasesCnn(int channels, int height, int width, int classes, int[] widths)
    {
        if (height < 14 || width < 14)
        {
            throw new TrackConfigException($"architecture cnn needs images of at least 14×14 pixels (got {height}×{width}): use architecture fc");
        }
        _channels = [channels, widths[0], widths[1], widths[2]];
        _hidden = widths[3];
        _classes = classes;
        (_height, _width) = (height, width);
        // Valid 3×3 convolutions shrink by 2, 2×2 pooling halves (floor): 28 → 26 → 13 → 11 → 5 → 3; 32 → 30 → 15 → 13 → 6 → 4.
        int h = ((height - 2) / 2 - 2) / 2 - 2, w = ((width - 2) / 2 - 2) / 2 - 2;
        _flat = _channels[3] * h * w;
        var weights = new List<(int, int, int, int, long[])>();
        var biases = new List<int>();
        var sizes = new List<int>();
        int offset = 0;
        void Layer(int count, int fanIn, int fanOut, long[] shape, int bias)
        {
            weights.Add((offset, count, fanIn, fanOut, shape));
            offset += count;
            sizes.Add(count);
            biases.Add(offset);
            offset += bias;
            sizes.Add(bias);
        }
        for (int l = 0; l < 3; l++)
        {
            Layer(_channels[l + 1] * _channels[l] * 9, _channels[l] * 9, _channels[l + 1] * 9, [_channels[l + 1], _channels[l], 3, 3], _channels[l + 1]);
        }
        Layer(_flat * _hidden, _flat, _hidden, [_flat, _hidden], _hidden);
        Layer(_hidden * classes, _hidden, classes, [_hidden, classes], classes);
        _weights = [.. weights];
        _biasOffsets = [.. biases];
        LayerSizes = sizes;
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> LayerSizes { get; }

    /// <inheritdoc />
    public override string Describe =>
        $"cnn conv3×3 {_channels[1]}-pool-{_channels[2]}-pool-{_channels[3]}, dense {_flat}-{_hidden}-{_classes}, ReLU, biases, D = {ParameterCount:N0}";

    /// <inheritdoc />
    public override void Initialise(Span<float> theta, ulong seed)
    {
        theta.Clear();
        for (int l = 0; l < _weights.Length; l++)
        {
            var (offset, count, fanIn, fanOut, _) = _weights[l];
            PerturbationGenerator.Fill(theta.Slice(offset, count), new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)l, 0), 0,
                NoiseDistribution.Uniform, (float)Math.Sqrt(6.0 / (fanIn + fanOut)));
        }
    }

    /// <inheritdoc />
    public override Tensor Logits(Tensor theta, Tensor images)
    {
        Tensor Weight(int l) => theta.narrow(0, _weights[l].Offset, _weights[l].Count).view(_weights[l].Shape);
        Tensor Bias(int l) => theta.narrow(0, _biasOffsets[l], LayerSizes[2 * l + 1]);
        var x = F.max_pool2d(Convolution.Forward(images, Weight(0), Bias(0)).relu(), [2, 2]);
        x = F.max_pool2d(Convolution.Forward(x, Weight(1), Bias(1)).relu(), [2, 2]);
        x = Convolution.Forward(x, Weight(2), Bias(2)).relu().reshape(images.shape[0], -1);
        return (x.matmul(Weight(3)) + Bias(3)).relu().matmul(Weight(4)) + Bias(4);
    }

    /// <inheritdoc />
    public override ClassifierModel? ToModel(float[] theta, string dataset, ArtifactProvenance provenance) => null;

    /// <inheritdoc />
    public override ConvClassifierModel ToConvModel(float[] theta, string dataset, ArtifactProvenance provenance) => new()
    {
        Dataset = dataset,
        Kind = ConvClassifiers.RandomBasesKind,
        Architecture = RandomBasesTrack.CnnArchitecture,
        Shape = [_channels[0], _height, _width, _classes],
        // Widths rather than the width multiplier: small integers survive float storage exactly.
        Tensors = new Dictionary<string, float[]> { [ThetaTensor] = theta, [WidthsTensor] = [_channels[1], _channels[2], _channels[3], _hidden] },
        Provenance = provenance,
    };

    /// <summary>The network and θ of a saved CNN.</summary>
    /// <exception cref="ArgumentException">The tensors do not form the CNN for the model's image shape.</exception>
    public static (RandomBasesCnn Network, float[] Theta) FromModel(ConvClassifierModel model)
    {
        if (model.Architecture != RandomBasesTrack.CnnArchitecture || !model.Tensors.TryGetValue(WidthsTensor, out var w) || w.Length != 4
            || w.Any(v => v < 1 || v > 1 << 16 || v != MathF.Round(v)) || !model.Tensors.TryGetValue(ThetaTensor, out var theta))
        {
            throw new ArgumentException($"expected architecture '{RandomBasesTrack.CnnArchitecture}' with '{ThetaTensor}' and four '{WidthsTensor}'");
        }
        RandomBasesCnn network;
        try
        {
            network = new RandomBasesCnn(model.Shape[0], model.Shape[1], model.Shape[2], model.Shape[3], [.. w.Select(v => (int)v)]);
        }
        catch (TrackConfigException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        return theta.Length == network.ParameterCount
            ? (network, theta)
            : throw new ArgumentException($"'{ThetaTensor}' holds {theta.Length} values, the network has {network.ParameterCount}");
    }

    private static int Scaled(int n, double widthScale) => Math.Max(1, (int)Math.Round(n * widthScale));
}
