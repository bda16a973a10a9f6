using Sandbox.Core.Perturbations;
using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>
/// The parameters of an RSO network (convolution weights, batch-norm scale and shift, the bias-free classifier) and
/// its forward pieces. Batch norm runs in one of two modes: with the statistics of the batch at hand (layers being
/// searched and those after them, as PyTorch's training mode does) or with population statistics estimated by
/// <see cref="Calibrate"/> (the frozen layers before the one being searched, whose outputs are cached, and testing).
/// </summary>
public sealed class RsoNetwork : IDisposable
{
    /// <summary>Batch-norm ε (PyTorch's default).</summary>
    public const double Epsilon = 1e-5;

    private RsoNetwork(RsoArchitecture architecture)
    {
        Architecture = architecture;
        int layers = architecture.Convs.Count;
        Weights = new Tensor[layers];
        Gamma = new Tensor[layers];
        Beta = new Tensor[layers];
        Mean = new Tensor[layers];
        Variance = new Tensor[layers];
        Sigma = new double[layers + 1];
    }

    /// <summary>The layer layout.</summary>
    public RsoArchitecture Architecture { get; }

    /// <summary>Convolution weights [out, in, 3, 3].</summary>
    public Tensor[] Weights { get; }

    /// <summary>Batch-norm scales [out].</summary>
    public Tensor[] Gamma { get; }

    /// <summary>Batch-norm shifts [out].</summary>
    public Tensor[] Beta { get; }

    /// <summary>Population means of each convolution's output [out] (from <see cref="Calibrate"/>).</summary>
    public Tensor[] Mean { get; }

    /// <summary>Population variances of each convolution's output [out].</summary>
    public Tensor[] Variance { get; }

    /// <summary>The classifier [classes, channels], no bias.</summary>
    public Tensor Classifier { get; private set; } = null!;

    /// <summary>σ_d: the standard deviation of each layer's weights at initialisation (index = conv count: the classifier).</summary>
    public double[] Sigma { get; }

    /// <summary>Number of convolutions.</summary>
    public int ConvCount => Weights.Length;

    /// <summary>
    /// He-normal weights N(0, 2/fan_in) from the <see cref="NoiseKey.InitialWeightsStream"/> of <paramref name="seed"/>
    /// (member = layer), batch norm at scale 1 and shift 0, population statistics 0 and 1.
    /// </summary>
    public static RsoNetwork Create(RsoArchitecture architecture, ulong seed)
    {
        var network = new RsoNetwork(architecture);
        for (int l = 0; l < architecture.Convs.Count; l++)
        {
            var c = architecture.Convs[l];
            network.Weights[l] = HeNormal([c.Out, c.In, 3, 3], c.In * 9, new NoiseKey(seed, NoiseKey.InitialWeightsStream, 0, (uint)l), out network.Sigma[l]);
            network.Gamma[l] = ones(c.Out);
            network.Beta[l] = zeros(c.Out);
            network.Mean[l] = zeros(c.Out);
            network.Variance[l] = ones(c.Out);
        }
        int last = architecture.Convs[^1].Out;
        network.Classifier = HeNormal([architecture.Classes, last], last,
            new NoiseKey(seed, NoiseKey.InitialWeightsStream, 0, (uint)architecture.Convs.Count), out network.Sigma[^1]);
        return network;
    }

    /// <summary>A network of <paramref name="architecture"/> with every parameter and statistic taken from <paramref name="tensors"/> (as <see cref="Named"/> lists them).</summary>
    /// <exception cref="ArgumentException">A tensor is missing or has the wrong number of values.</exception>
    public static RsoNetwork FromTensors(RsoArchitecture architecture, IReadOnlyDictionary<string, float[]> tensors)
    {
        var network = Create(architecture, 0);
        try
        {
            foreach (var (name, t) in network.Named())
            {
                if (!tensors.TryGetValue(name, out var values) || values.Length != t.numel())
                {
                    throw new ArgumentException($"'{name}' is missing or has the wrong size");
                }
                values.AsSpan().CopyTo(TensorCopy.Floats(t));
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }

    private static Tensor HeNormal(long[] shape, int fanIn, NoiseKey key, out double sigma)
    {
        var t = zeros(shape);
        var values = TensorCopy.Floats(t);
        PerturbationGenerator.Fill(values, key, 0, NoiseDistribution.Gaussian, (float)Math.Sqrt(2.0 / fanIn));
        // σ_d is measured on the drawn weights, as the paper computes it.
        double mean = 0, square = 0;
        foreach (float v in values)
        {
            mean += v;
            square += (double)v * v;
        }
        mean /= values.Length;
        sigma = Math.Sqrt(Math.Max(0, square / values.Length - mean * mean));
        return t;
    }

    /// <summary>Convolution <paramref name="layer"/> of <paramref name="input"/> (padding 1).</summary>
    public Tensor Convolve(int layer, Tensor input) => F.conv2d(input, Weights[layer], padding: [1, 1]);

    /// <summary>
    /// Batch norm of convolution <paramref name="layer"/>'s output, plus the shortcut of <paramref name="skip"/> (the
    /// input of the layer's <see cref="RsoConv.Skip"/> source; required exactly when the layer closes a residual
    /// block), ReLU and (if the layer has one) the pool.
    /// </summary>
    public Tensor Activate(int layer, Tensor z, bool batchStatistics, Tensor? skip = null)
    {
        using var normalised = batchStatistics
            ? F.batch_norm(z, null, null, Gamma[layer], Beta[layer], true, 0.0, Epsilon)
            : F.batch_norm(z, Mean[layer], Variance[layer], Gamma[layer], Beta[layer], false, 0.0, Epsilon);
        AddShortcut(layer, normalised, skip);
        var a = normalised.relu_();
        return Architecture.Convs[layer].Pool ? F.avg_pool2d(a, [2, 2]) : a.alias();
    }

    /// <summary>Adds layer <paramref name="layer"/>'s shortcut of <paramref name="skip"/> into <paramref name="target"/> (channels beyond the skip's stay as they are: zero padding).</summary>
    public void AddShortcut(int layer, Tensor target, Tensor? skip)
    {
        if ((Architecture.Convs[layer].Skip >= 0) != (skip is not null))
        {
            throw new ArgumentException($"convolution {layer} {(skip is null ? "needs" : "has no")} a skip input");
        }
        if (skip is null)
        {
            return;
        }
        using var head = target.narrow(1, 0, skip.shape[1]);
        head.add_(skip);
    }

    /// <summary>
    /// Runs convolutions <paramref name="from"/> … <paramref name="to"/> − 1 on <paramref name="input"/> (the input of
    /// <paramref name="from"/>, which must be a <see cref="RsoArchitecture.IsBoundary"/>), those at or after
    /// <paramref name="batchFrom"/> with the statistics of the batch, the others with population statistics.
    /// </summary>
    public Tensor Forward(Tensor input, int from, int to, int batchFrom)
    {
        if (!Architecture.IsBoundary(from))
        {
            throw new ArgumentException($"a skip connection spans the input of convolution {from}");
        }
        var inputs = new Tensor?[ConvCount];
        var x = input.alias();
        for (int l = from; l < to; l++)
        {
            using var z = Convolve(l, x);
            int s = Architecture.Convs[l].Skip;
            var next = Activate(l, z, batchStatistics: l >= batchFrom, s >= 0 ? inputs[s] : null);
            if (IsSkipSource(l, to))
            {
                inputs[l] = x;
            }
            else
            {
                x.Dispose();
            }
            x = next;
        }
        foreach (var t in inputs)
        {
            t?.Dispose();
        }
        return x;
    }

    /// <summary>Whether the input of <paramref name="layer"/> is added by a later convolution before <paramref name="to"/>.</summary>
    public bool IsSkipSource(int layer, int to)
    {
        for (int l = layer + 1; l < to; l++)
        {
            if (Architecture.Convs[l].Skip == layer)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The input of convolution <paramref name="to"/> from the input of <paramref name="from"/>, with population statistics.</summary>
    public Tensor Prefix(Tensor input, int from, int to) => Forward(input, from, to, int.MaxValue);

    /// <summary>Class scores of the last convolution's activation: global average pool, then the classifier.</summary>
    public Tensor Head(Tensor activation)
    {
        using var pooled = activation.mean([2, 3]);
        return F.linear(pooled, Classifier);
    }

    /// <summary>
    /// The logits the search sees while it optimises layer <paramref name="searched"/> (a convolution index, or
    /// <see cref="ConvCount"/> for the classifier): layers before it with population statistics, it and the layers
    /// after it with the statistics of <paramref name="images"/>. The reference the cached evaluation must equal.
    /// </summary>
    public Tensor SearchLogits(Tensor images, int searched)
    {
        using var x = Forward(images, 0, ConvCount, searched);
        return Head(x);
    }

    /// <summary>Test-time logits: every layer with population statistics.</summary>
    public Tensor EvalLogits(Tensor images) => SearchLogits(images, ConvCount);

    /// <summary>
    /// Population statistics of every layer from <paramref name="images"/> in chunks of <paramref name="chunk"/>
    /// (PyTorch's "precise BN"): each chunk runs with its own batch statistics, the layer's mean is the average of
    /// the chunk means and its variance the average second moment minus the squared mean.
    /// </summary>
    public void Calibrate(Tensor images, int chunk)
    {
        using var _ = no_grad();
        long n = images.shape[0];
        int chunks = (int)Math.Max(1, n / chunk);
        long size = Math.Min(chunk, n);
        var sums = Weights.Select(w => zeros(w.shape[0], dtype: ScalarType.Float64)).ToArray();
        var squares = Weights.Select(w => zeros(w.shape[0], dtype: ScalarType.Float64)).ToArray();
        for (int c = 0; c < chunks; c++)
        {
            using var scope = NewDisposeScope();
            var x = images.narrow(0, c * size, size);
            var inputs = new Tensor[ConvCount];
            for (int l = 0; l < ConvCount; l++)
            {
                var z = Convolve(l, x);
                var m = z.mean([0, 2, 3]);
                var v = z.var([0, 2, 3], unbiased: false);
                sums[l].add_(m.to_type(ScalarType.Float64));
                squares[l].add_((v + m * m).to_type(ScalarType.Float64));
                inputs[l] = x;
                int s = Architecture.Convs[l].Skip;
                x = Activate(l, z, batchStatistics: true, s >= 0 ? inputs[s] : null);
            }
        }
        for (int l = 0; l < ConvCount; l++)
        {
            using var mean = sums[l] / chunks;
            using var second = squares[l] / chunks;
            using var variance = (second - mean * mean).clamp_min(0);
            Mean[l].copy_(mean.to_type(ScalarType.Float32));
            Variance[l].copy_(variance.to_type(ScalarType.Float32));
            sums[l].Dispose();
            squares[l].Dispose();
        }
    }

    /// <summary>Every parameter and statistic by name, for checkpoints.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> Named()
    {
        for (int l = 0; l < ConvCount; l++)
        {
            yield return ($"conv.{l}", Weights[l]);
            yield return ($"gamma.{l}", Gamma[l]);
            yield return ($"beta.{l}", Beta[l]);
            yield return ($"mean.{l}", Mean[l]);
            yield return ($"variance.{l}", Variance[l]);
        }
        yield return ("fc", Classifier);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, t) in Named())
        {
            t.Dispose();
        }
    }
}
