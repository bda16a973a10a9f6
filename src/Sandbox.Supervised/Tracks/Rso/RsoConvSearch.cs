using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Rso;

/// <summary>
/// The cached state of one convolution being searched on one minibatch (§4.7 of the paper, taken further): its
/// input X (padded), its output Z before batch norm, its activation A and the next layer's output before batch
/// norm. A candidate changes one output channel o: a weight w[o,c,ky,kx] + Δ adds Δ × (channel c of X shifted by
/// (ky, kx)) to Z[:,o], a batch-norm scale or shift only re-normalises Z[:,o]. So only channel o is re-normalised
/// (its batch statistics, ReLU, pool), the next convolution's output is updated by the convolution of the change
/// of that one channel with the next layer's weights of input channel o (Cout×9 products per pixel instead of
/// Cout×Cin×9), and only the layers after that run in full. Candidates evaluated together are stacked as channel
/// groups: K candidates form a [B, K·C, H, W] tensor, batch norm per channel keeps each candidate's statistics its
/// own, and the remaining convolutions run as one grouped convolution.
/// </summary>
public sealed class RsoConvSearch : IDisposable
{
    private readonly RsoNetwork _network;
    private readonly int _layer;
    private readonly bool _last;
    private readonly Dictionary<int, Tiled> _tiled = [];
    private Tensor? _input, _padded, _z, _a, _next, _pooled, _labels;
    private Tensor? _candidateZ, _candidateA;

    /// <summary>A search of convolution <paramref name="layer"/> of <paramref name="network"/> (load a batch before use).</summary>
    public RsoConvSearch(RsoNetwork network, int layer)
    {
        _network = network;
        _layer = layer;
        _last = layer == network.ConvCount - 1;
    }

    /// <summary>The layer searched.</summary>
    public int Layer => _layer;

    /// <summary>Mean cross-entropy of the current state on the loaded batch.</summary>
    public float Loss { get; private set; }

    /// <summary>Examples in the loaded batch.</summary>
    public long BatchSize => _labels?.shape[0] ?? 0;

    /// <summary>Bytes of one candidate's widest stacked activation (the next layer's output for the batch).</summary>
    public long StackedBytesPerCandidate => _z is null ? 0 : _z.numel() * 4 * Math.Max(1, _network.Architecture.Convs[Math.Min(_layer + 1, _network.ConvCount - 1)].Out) / _z.shape[1];

    /// <summary>Takes <paramref name="input"/> (the layer's input for the batch, owned from now on) and <paramref name="labels"/>, and computes the state from scratch.</summary>
    public void Load(Tensor input, Tensor labels)
    {
        using var _ = no_grad();
        DisposeState();
        _input = input;
        _labels = labels.alias();
        _padded = F.pad(input, [1, 1, 1, 1]);
        Recompute();
    }

    /// <summary>Recomputes Z, A, the next output and the loss from the input and the current parameters (after a merged parallel update).</summary>
    public void Recompute()
    {
        using var _ = no_grad();
        _z?.Dispose();
        _a?.Dispose();
        _next?.Dispose();
        _pooled?.Dispose();
        _z = _network.Convolve(_layer, _input!);
        _a = _network.Activate(_layer, _z, batchStatistics: true);
        if (_last)
        {
            _pooled = _a.mean([2, 3]);
            using var pooled = _pooled.unsqueeze(1);
            using var losses = HeadLosses(pooled);
            Loss = losses[0].item<float>();
        }
        else
        {
            _next = _network.Convolve(_layer + 1, _a);
            using var losses = RestLosses(_next, 1);
            Loss = losses[0].item<float>();
        }
    }

    /// <summary>
    /// Losses of K candidates, each changing one weight of the layer: candidate k adds <paramref name="deltas"/>[k] to
    /// w[channels[k], inputs[k], rows[k], columns[k]] of the current state (the weights themselves are not touched).
    /// </summary>
    public float[] WeightCandidates(ReadOnlySpan<int> channels, ReadOnlySpan<int> inputs, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, ReadOnlySpan<float> deltas)
    {
        using var _ = no_grad();
        int k = deltas.Length;
        var (h, w) = (_z!.shape[2], _z.shape[3]);
        var candidates = empty(_z.shape[0], k, h, w);
        var gamma = empty(k);
        var beta = empty(k);
        var g = TensorCopy.Floats(_network.Gamma[_layer]);
        var b = TensorCopy.Floats(_network.Beta[_layer]);
        var gs = TensorCopy.Floats(gamma);
        var bs = TensorCopy.Floats(beta);
        for (int i = 0; i < k; i++)
        {
            using var target = candidates.select(1, i);
            using var source = _z.select(1, channels[i]);
            using var plane = _padded!.select(1, inputs[i]);
            using var rowsView = plane.narrow(1, rows[i], h);
            using var shifted = rowsView.narrow(2, columns[i], w);
            target.copy_(source).add_(shifted, alpha: deltas[i]);
            gs[i] = g[channels[i]];
            bs[i] = b[channels[i]];
        }
        return Evaluate(channels, candidates, gamma, beta);
    }

    /// <summary>Losses of K candidates changing batch-norm parameters: candidate k gives channel channels[k] scale gammas[k] and shift betas[k].</summary>
    public float[] NormCandidates(ReadOnlySpan<int> channels, ReadOnlySpan<float> gammas, ReadOnlySpan<float> betas)
    {
        using var _ = no_grad();
        int k = channels.Length;
        var candidates = empty(_z!.shape[0], k, _z.shape[2], _z.shape[3]);
        for (int i = 0; i < k; i++)
        {
            using var target = candidates.select(1, i);
            using var source = _z.select(1, channels[i]);
            target.copy_(source);
        }
        return Evaluate(channels, candidates, TensorCopy.FromSpan(gammas, k), TensorCopy.FromSpan(betas, k));
    }

    /// <summary>
    /// Makes candidate <paramref name="index"/> of the last <see cref="WeightCandidates"/> or <see cref="NormCandidates"/>
    /// call the current state (the caller changes the parameter itself): Z and A of its channel, the next layer's
    /// output by the incremental product, and the loss.
    /// </summary>
    public void Accept(int index, int channel, float loss)
    {
        using var _ = no_grad();
        using var z = _candidateZ!.select(1, index);
        using var a = _candidateA!.select(1, index);
        using var zTarget = _z!.select(1, channel);
        using var aTarget = _a!.select(1, channel);
        using var change = a - aTarget;
        zTarget.copy_(z);
        aTarget.copy_(a);
        if (_last)
        {
            using var pooled = _pooled!.select(1, channel);
            using var mean = change.mean([1, 2]);
            pooled.add_(mean);
        }
        else
        {
            using var column = _network.Weights[_layer + 1].narrow(1, channel, 1);
            using var input = change.unsqueeze(1);
            using var delta = F.conv2d(input, column, padding: [1, 1]);
            _next!.add_(delta);
        }
        Loss = loss;
    }

    private float[] Evaluate(ReadOnlySpan<int> channels, Tensor candidates, Tensor gamma, Tensor beta)
    {
        int k = channels.Length;
        _candidateZ?.Dispose();
        _candidateA?.Dispose();
        _candidateZ = candidates;
        using (gamma)
        using (beta)
        using (var normalised = F.batch_norm(candidates, null, null, gamma, beta, true, 0.0, RsoNetwork.Epsilon))
        {
            normalised.relu_();
            _candidateA = _network.Architecture.Convs[_layer].Pool ? F.avg_pool2d(normalised, [2, 2]) : normalised.alias();
        }
        var index = new long[k];
        for (int i = 0; i < k; i++)
        {
            index[i] = channels[i];
        }
        using var scope = NewDisposeScope();
        var selected = tensor(index);
        var change = _candidateA - _a!.index_select(1, selected);
        Tensor losses;
        if (_last)
        {
            long c = _pooled!.shape[1];
            var onehot = F.one_hot(selected, c).to_type(ScalarType.Float32);   // [K, C]
            var mean = change.mean([2, 3]);                                      // [B, K]
            var pooled = _pooled.unsqueeze(1) + mean.unsqueeze(2) * onehot.unsqueeze(0);
            losses = HeadLosses(pooled);
        }
        else
        {
            var next = _network.Weights[_layer + 1];                             // [Cn, C, 3, 3]
            long cn = next.shape[0];
            var columns = next.index_select(1, selected).permute(1, 0, 2, 3).reshape(k * cn, 1, 3, 3);
            var delta = F.conv2d(change, columns, padding: [1, 1], groups: k);  // [B, K·Cn, H, W]
            var (b, h, w) = (delta.shape[0], delta.shape[2], delta.shape[3]);
            var z = (delta.view(b, k, cn, h, w) + _next!.unsqueeze(1)).view(b, k * cn, h, w);
            losses = RestLosses(z, k);
        }
        return losses.data<float>().ToArray();
    }

    /// <summary>Per-candidate losses from the next layer's pre-norm outputs of K stacked candidates [B, K·C, H, W].</summary>
    private Tensor RestLosses(Tensor z, int k)
    {
        using var scope = NewDisposeScope();
        var tiled = TiledFor(k);
        var x = z;
        Tensor a = z;
        for (int l = _layer + 1; l < _network.ConvCount; l++)
        {
            var normalised = F.batch_norm(x, null, null, tiled.Gamma[l], tiled.Beta[l], true, 0.0, RsoNetwork.Epsilon).relu_();
            a = _network.Architecture.Convs[l].Pool ? F.avg_pool2d(normalised, [2, 2]) : normalised;
            if (l + 1 < _network.ConvCount)
            {
                x = F.conv2d(a, tiled.Weights[l + 1]!, padding: [1, 1], groups: k);
            }
        }
        var pooled = a.mean([2, 3]).view(a.shape[0], k, -1);
        return HeadLosses(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Per-candidate mean cross-entropy of pooled features [B, K, C].</summary>
    private Tensor HeadLosses(Tensor pooled)
    {
        using var scope = NewDisposeScope();
        var logits = matmul(pooled, _network.Classifier.t());                  // [B, K, classes]
        var logp = F.log_softmax(logits, 2);
        var labels = _labels!.view(-1, 1, 1).expand(logp.shape[0], logp.shape[1], 1);
        return logp.gather(2, labels).squeeze(2).mean([0]).neg().MoveToOuterDisposeScope();
    }

    private Tiled TiledFor(int k)
    {
        if (!_tiled.TryGetValue(k, out var tiled))
        {
            // Layers after the searched one do not change during its search: tile them once per group count.
            int n = _network.ConvCount;
            tiled = new Tiled(new Tensor?[n], new Tensor?[n], new Tensor?[n]);
            for (int l = _layer + 1; l < n; l++)
            {
                tiled.Gamma[l] = _network.Gamma[l].repeat(k).DetachFromDisposeScope();
                tiled.Beta[l] = _network.Beta[l].repeat(k).DetachFromDisposeScope();
                tiled.Weights[l] = _network.Weights[l].repeat(k, 1, 1, 1).DetachFromDisposeScope();
            }
            _tiled[k] = tiled;
        }
        return tiled;
    }

    private sealed record Tiled(Tensor?[] Weights, Tensor?[] Gamma, Tensor?[] Beta);

    private void DisposeState()
    {
        foreach (var t in new[] { _input, _padded, _z, _a, _next, _pooled, _labels, _candidateZ, _candidateA })
        {
            t?.Dispose();
        }
        _input = _padded = _z = _a = _next = _pooled = _labels = _candidateZ = _candidateA = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeState();
        foreach (var tiled in _tiled.Values)
        {
            foreach (var t in tiled.Weights.Concat(tiled.Gamma).Concat(tiled.Beta))
            {
                t?.Dispose();
            }
        }
    }
}
