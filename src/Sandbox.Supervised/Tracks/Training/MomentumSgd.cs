using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>
/// SGD with momentum and weight decay as PyTorch defines it (d = g + λ·p; b = μ·b + d; p −= lr·b), in place. Ours
/// rather than TorchSharp's optimizer so the momentum buffers are plain tensors a checkpoint saves and restores.
/// </summary>
public sealed class MomentumSgd : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _buffers;

    /// <summary>An optimizer over <paramref name="parameters"/> (leaf tensors that require gradients).</summary>
    public MomentumSgd(IReadOnlyList<Tensor> parameters, double momentum, double weightDecay)
    {
        _parameters = [.. parameters];
        _buffers = [.. _parameters.Select(p => zeros_like(p))];
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>λ.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum buffers, one per parameter (for checkpoints).</summary>
    public IReadOnlyList<Tensor> Buffers => _buffers;

    /// <summary>One step at <paramref name="learningRate"/> with the gradients in place, then clears them.</summary>
    public void Step(double learningRate)
    {
        using var _ = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            using var g = p.grad;
            if (g is null)
            {
                continue;
            }
            if (WeightDecay != 0)
            {
                g.add_(p, alpha: WeightDecay);
            }
            _buffers[i].mul_(Momentum).add_(g);
            p.add_(_buffers[i], alpha: -learningRate);
            g.zero_();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in _buffers)
        {
            b.Dispose();
        }
    }
}
