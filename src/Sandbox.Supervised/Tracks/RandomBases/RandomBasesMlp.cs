using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Networks;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// FC inputs-hidden-classes with ReLU and biases (§4.1: 784-128-10, D = 101,770 on MNIST). θ in the model file's
/// layout: W1 [in, hidden], b1, W2 [hidden, classes], b2; PyTorch's Linear initialisation (uniform ±1/√fan_in).
/// </summary>
public sealed class RandomBasesMlp(int inputs, int hidden, int classes) : FlatNetwork
{
    /// <inheritdoc />
    public override IReadOnlyList<int> LayerSizes { get; } = [inputs * hidden, hidden, hidden * classes, classes];

    /// <inheritdoc />
    public override string Describe => $"fc {inputs}-{hidden}-{classes}, ReLU, biases, D = {ParameterCount:N0}";

    /// <inheritdoc />
    public override void Initialise(Span<float> theta, ulong seed)
    {
        int[] sizes = [inputs, hidden, classes];
        int offset = 0;
        for (int layer = 0; layer < 2; layer++)
        {
            int count = sizes[layer] * sizes[layer + 1] + sizes[layer + 1];
            PerturbationGenerator.Fill(theta.Slice(offset, count), new NoiseKey(seed, NoiseKey.InitialWeightsStream, (uint)layer, 0), 0,
                NoiseDistribution.Uniform, (float)(1 / Math.Sqrt(sizes[layer])));
            offset += count;
        }
    }

    /// <inheritdoc />
    public override Tensor Logits(Tensor theta, Tensor images)
    {
        int o1 = LayerSizes[0], o2 = o1 + hidden, o3 = o2 + LayerSizes[2];
        var w1 = theta.narrow(0, 0, o1).view(inputs, hidden);
        var b1 = theta.narrow(0, o1, hidden);
        var w2 = theta.narrow(0, o2, LayerSizes[2]).view(hidden, classes);
        var b2 = theta.narrow(0, o3, classes);
        var x = images.view(images.shape[0], -1);
        return (x.matmul(w1) + b1).relu().matmul(w2) + b2;
    }

    /// <inheritdoc />
    public override ClassifierModel? ToModel(float[] theta, string dataset, ArtifactProvenance provenance) => new()
    {
        Dataset = dataset,
        Architecture = new MlpArchitecture(inputs, [hidden], classes, bias: true, Activation.Relu),
        Family = PolicyFamily.Dense,
        Parameters = theta,
        Provenance = provenance,
    };
}
