using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>
/// One bias-free linear or 3×3 convolution layer, either masked (frozen weights, trainable scores, top-k
/// subnetwork with a straight-through gradient) or dense (trainable weights). Torch layout: [out, in(, 3, 3)].
/// </summary>
public sealed class SubnetLayer : IDisposable
{
    /// <summary>A layer over <paramref name="weight"/>; with <paramref name="scores"/> it is masked and the weight frozen.</summary>
    public SubnetLayer(bool convolution, Tensor weight, Tensor? scores, double keep)
    {
        Convolution = convolution;
        Weight = weight;
        Scores = scores;
        Keep = keep;
        Weight.requires_grad_(scores is null);
        Scores?.requires_grad_(true);
    }

    /// <summary>Whether this is a 3×3 convolution (padding 1) rather than a linear layer.</summary>
    public bool Convolution { get; }

    /// <summary>The weights: frozen when masked, trained when dense.</summary>
    public Tensor Weight { get; }

    /// <summary>The popup scores (masked layers), else null.</summary>
    public Tensor? Scores { get; }

    /// <summary>Fraction of weights kept (masked layers).</summary>
    public double Keep { get; }

    /// <summary>What the optimizer updates.</summary>
    public Tensor Trainable => Scores ?? Weight;

    /// <summary>The layer applied to <paramref name="x"/> (intermediates belong to the caller's dispose scope).</summary>
    public Tensor Forward(Tensor x)
    {
        var w = Scores is null ? Weight : Weight * TopKMask.StraightThrough(Scores, Keep);
        return Convolution ? Sandbox.Tensors.Networks.Convolution.Forward(x, w, padding: 1) : F.linear(x, w);
    }

    /// <summary>The weights the network uses: mask × weight (masked) or the weights (dense).</summary>
    public Tensor Effective()
    {
        using var _ = no_grad();
        if (Scores is null)
        {
            return Weight.detach().clone();
        }
        using var magnitudes = Scores.abs();
        using var mask = TopKMask.Mask(magnitudes, Keep);
        return Weight.detach() * mask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Weight.Dispose();
        Scores?.Dispose();
    }
}
