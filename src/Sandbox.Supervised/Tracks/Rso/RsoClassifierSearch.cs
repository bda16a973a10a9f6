using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>
/// The search of the fully connected layer on one minibatch: the pooled features are cached, and a candidate
/// w[class, j] + Δ changes only that class's logit by Δ × feature j, so the logits are updated, never recomputed.
/// </summary>
public sealed class RsoClassifierSearch : IDisposable
{
    private readonly RsoNetwork _network;
    private Tensor? _features, _logits, _labels, _candidates;

    /// <summary>A search of <paramref name="network"/>'s classifier.</summary>
    public RsoClassifierSearch(RsoNetwork network) => _network = network;

    /// <summary>Mean cross-entropy of the current state on the loaded batch.</summary>
    public float Loss { get; private set; }

    /// <summary>Takes the pooled features [B, C] (owned from now on) and labels of a batch.</summary>
    public void Load(Tensor features, Tensor labels)
    {
        using var _ = no_grad();
        Dispose();
        _features = features;
        _labels = labels.alias();
        _logits = F.linear(features, _network.Classifier);
        using var stacked = _logits.unsqueeze(1);
        using var losses = Losses(stacked);
        Loss = losses[0].item<float>();
    }

    /// <summary>Losses of candidates w[classes[k], inputs[k]] + deltas[k] from the current state.</summary>
    public float[] Candidates(ReadOnlySpan<int> classes, ReadOnlySpan<int> inputs, ReadOnlySpan<float> deltas)
    {
        using var _ = no_grad();
        int k = deltas.Length;
        _candidates?.Dispose();
        _candidates = _logits!.unsqueeze(1).repeat(1, k, 1);
        for (int i = 0; i < k; i++)
        {
            using var candidate = _candidates.select(1, i);
            using var logit = candidate.select(1, classes[i]);
            using var feature = _features!.select(1, inputs[i]);
            logit.add_(feature, alpha: deltas[i]);
        }
        using var losses = Losses(_candidates);
        return losses.data<float>().ToArray();
    }

    /// <summary>Makes candidate <paramref name="index"/> of the last <see cref="Candidates"/> call the current state (the caller changes the weight).</summary>
    public void Accept(int index, float loss)
    {
        using var _ = no_grad();
        using var chosen = _candidates!.select(1, index);
        _logits!.copy_(chosen);
        Loss = loss;
    }

    private Tensor Losses(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var logp = F.log_softmax(logits, 2);
        var labels = _labels!.view(-1, 1, 1).expand(logp.shape[0], logp.shape[1], 1);
        return logp.gather(2, labels).squeeze(2).mean([0]).neg().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in new[] { _features, _logits, _labels, _candidates })
        {
            t?.Dispose();
        }
        _features = _logits = _labels = _candidates = null;
    }
}
