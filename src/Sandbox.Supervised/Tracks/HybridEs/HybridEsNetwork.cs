using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// The Hybrid-ES network inputs-hidden-classes (sigmoid hidden layer, biases, softmax) on one flat parameter vector in
/// the model file's layout (per layer [in, out] weights, then biases): its initial θ, logits, the cost of one or many
/// parameter sets, the full backprop step and the noise rule. Shared by the in-process trainer and the worker task, so
/// both do the same arithmetic.
/// </summary>
public sealed class HybridEsNetwork
{
    private readonly int[] _sizes;

    /// <summary>The network of <paramref name="config"/> (width scales the 300 hidden units) for images of <paramref name="train"/>.</summary>
    public HybridEsNetwork(TrackConfig config, Datasets.ImageSet train)
    {
        int hidden = Math.Max(1, (int)Math.Round(300 * config.Width));
        _sizes = [train.SampleSize, hidden, train.ClassCount];
        ParameterCount = _sizes[0] * _sizes[1] + _sizes[1] + _sizes[1] * _sizes[2] + _sizes[2];
    }

    /// <summary>Layer widths: inputs, hidden, classes.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>The length of θ.</summary>
    public int ParameterCount { get; }

    /// <summary>The initial θ of <paramref name="seed"/>: weights N(0, 1/fan_in) ("LeCun normal") from the initial-weights stream, biases 0.</summary>
    public float[] Initial(ulong seed)
    {
        var values = new float[ParameterCount];
        WeightsInit(values, 0, _sizes[0], _sizes[1], seed);
        WeightsInit(values, _sizes[0] * _sizes[1] + _sizes[1], _sizes[1], _sizes[2], seed);
        return values;
    }

    private static void WeightsInit(float[] theta, int offset, int inputs, int outputs, ulong seed) =>
        PerturbationGenerator.Fill(theta.AsSpan(offset, inputs * outputs), new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)offset, 0), 0,
            NoiseDistribution.Gaussian, (float)(1 / Math.Sqrt(inputs)));

    /// <summary>Fills <paramref name="destination"/> with ε_k of <paramref name="iteration"/>: the Gaussian vector of NoiseKey(seed, search stream, iteration, k) (the reconstruction rule).</summary>
    public static void FillNoise(Span<float> destination, ulong seed, long iteration, int k, float std) =>
        PerturbationGenerator.Fill(destination, new NoiseKey(seed, NoiseKey.SearchStream, (uint)iteration, (uint)k), 0, NoiseDistribution.Gaussian, std);

    /// <summary>Layer views of a flat parameter tensor [..., P]: (W1 [..., in, hidden], b1, W2 [..., hidden, out], b2).</summary>
    public (Tensor W1, Tensor B1, Tensor W2, Tensor B2) Views(Tensor theta)
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
    public Tensor Logits(Tensor theta, Tensor images)
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
    public (Tensor Cost, Tensor CrossEntropy, Tensor Logits) Costs(Tensor trials, Tensor images, Tensor labels, double weightDecay)
    {
        var logits = Logits(trials, images);
        var (w1, _, w2, _) = Views(trials);
        long k = trials.shape[0];
        var crossEntropy = F.cross_entropy(logits.reshape(-1, _sizes[2]), labels.repeat(k), reduction: nn.Reduction.None).view(k, -1).mean([1L]);
        return (crossEntropy + weightDecay * (w1.square().sum([1L, 2L]) + w2.square().sum([1L, 2L])), crossEntropy, logits);
    }

    /// <summary>
    /// The full backprop step on the minibatch: g ← ∇(mean cross-entropy + λ·(‖W1‖² + ‖W2‖²)) at θ, then θ −= α·g.
    /// Returns the minibatch cross-entropy and correct count at the θ before the step. Call inside a dispose scope.
    /// </summary>
    public (float Loss, long Correct) FullStep(Tensor theta, Tensor gradient, Tensor images, Tensor labels, double alpha, double weightDecay)
    {
        using var leaf = theta.detach().requires_grad_(true);
        var logits = Logits(leaf, images);
        var (w1, _, w2, _) = Views(leaf);
        var loss = F.cross_entropy(logits, labels) + weightDecay * (w1.square().sum() + w2.square().sum());
        loss.backward();
        using (no_grad())
        {
            using var g = leaf.grad!;
            gradient.copy_(g);
            theta.add_(gradient, alpha: -alpha);
            return (F.cross_entropy(logits, labels).item<float>(), logits.argmax(1).eq(labels).sum().item<long>());
        }
    }

    /// <summary>The classifier of parameters <paramref name="theta"/> as a model file holds it.</summary>
    public ClassifierModel ToModel(float[] theta, string dataset, ArtifactProvenance provenance) => new()
    {
        Dataset = dataset,
        Architecture = new MlpArchitecture(_sizes[0], [_sizes[1]], _sizes[2], bias: true, Activation.Sigmoid),
        Family = PolicyFamily.Dense,
        Parameters = theta,
        Provenance = provenance,
    };

    /// <summary>The network in words.</summary>
    public string Describe => $"mlp {string.Join("-", _sizes)}, sigmoid hidden, biases, softmax";
}
