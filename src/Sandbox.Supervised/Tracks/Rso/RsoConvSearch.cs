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
/// Cout×Cin×9), and only the layers after that run in full. Candidates evaluated together are stacked: their
/// changed channel as channels of one [B, K, H, W] tensor (one fused batch norm keeps each candidate's statistics
/// its own), the later layers along the batch, [K·B, C, H, W], so their convolutions are ordinary ones and batch
/// norm takes the statistics of each candidate's block of the batch.
/// <para>
/// In a network with residual blocks (depth10) a layer's output also reaches a later layer through a skip
/// connection, so the next-layer shortcut above would be wrong. There the search keeps the cheap part — the
/// changed channel's output and batch norm from the cached input — and runs every later layer (with its skip
/// connections) in full for each candidate: correct, and slower than the chain form. Such a search is loaded with
/// the input of the residual block that holds the layer (<see cref="LoadFrom"/>), since a skip may start before it.
/// </para>
/// </summary>
public sealed class RsoConvSearch : IDisposable
{
    private readonly RsoNetwork _network;
    private readonly int _layer;
    private readonly bool _last;
    private readonly bool _residual;
    private readonly Tensor?[] _inputs;
    private Tensor? _input, _padded, _z, _a, _next, _pooled, _labels, _y;
    private Tensor? _candidateZ, _candidateA, _local;

    /// <summary>A search of convolution <paramref name="layer"/> of <paramref name="network"/> (load a batch before use).</summary>
    public RsoConvSearch(RsoNetwork network, int layer)
    {
        _network = network;
        _layer = layer;
        _last = layer == network.ConvCount - 1;
        _residual = network.Architecture.HasResidual;
        LoadFrom = network.Architecture.BlockStart(layer);
        _inputs = new Tensor?[network.ConvCount];
    }

    /// <summary>
    /// The convolution whose input <see cref="Load"/> takes: the layer itself in a plain network; in a residual
    /// one the start of its block (<see cref="RsoArchitecture.BlockStart"/>).
    /// </summary>
    public int LoadFrom { get; }

    /// <summary>The layer searched.</summary>
    public int Layer => _layer;

    /// <summary>Mean cross-entropy of the current state on the loaded batch.</summary>
    public float Loss { get; private set; }

    /// <summary>Examples in the loaded batch.</summary>
    public long BatchSize => _labels?.shape[0] ?? 0;

    /// <summary>Bytes of one candidate's widest stacked activation (the next layer's output for the batch).</summary>
    public long StackedBytesPerCandidate => _z is null ? 0 : _z.numel() * 4 * Math.Max(1, _network.Architecture.Convs[Math.Min(_layer + 1, _network.ConvCount - 1)].Out) / _z.shape[1];

    /// <summary>
    /// Takes <paramref name="input"/> (the input of convolution <see cref="LoadFrom"/> for the batch, owned from now
    /// on) and <paramref name="labels"/>, and computes the state from scratch.
    /// </summary>
    public void Load(Tensor input, Tensor labels)
    {
        using var _ = no_grad();
        DisposeState();
        _labels = labels.alias();
        if (_residual)
        {
            // The inputs of the block's layers up to this one (frozen, population statistics): skip sources.
            var x = input;
            for (int l = LoadFrom; l < _layer; l++)
            {
                _inputs[l] = x;
                using var z = _network.Convolve(l, x);
                int s = _network.Architecture.Convs[l].Skip;
                x = _network.Activate(l, z, batchStatistics: false, s >= 0 ? _inputs[s] : null);
            }
            input = x;
        }
        _input = input;
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
        if (_residual)
        {
            _y?.Dispose();
            _y = F.batch_norm(_z, null, null, _network.Gamma[_layer], _network.Beta[_layer], true, 0.0, RsoNetwork.Epsilon);
            using var a = Close(_y.clone(), 1);
            using var residualLosses = ResidualLosses(a, 1);
            Loss = residualLosses[0].item<float>();
            return;
        }
        _a = NormaliseEach(_z, 1, _layer, overwrite: false);
        if (_last)
        {
            _pooled = _a.mean([2, 3]);
            using var pooled = _pooled.unsqueeze(0);
            using var losses = HeadLosses(pooled);
            Loss = losses[0].item<float>();
        }
        else
        {
            _next = _network.Convolve(_layer + 1, _a);
            using var losses = RestLosses(_next, 1, keepInput: true);
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
            using var source = (_local ?? _z).select(1, channels[i]);
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
        if (_residual)
        {
            // The parameter has been changed by the caller: recompute the state. Its loss equals the candidate's
            // within float rounding; the candidate's value is kept, as in the chain form, so the decision stands.
            Recompute();
            Loss = loss;
            return;
        }
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

    /// <summary>
    /// Neuron-parallel search: channel o of the layer's output computed with <paramref name="weights"/> (each output
    /// channel's own, locally searched weights) becomes the source of that channel's weight candidates, while the
    /// layers after still see the state of the loaded weights. Null returns to the ordinary search.
    /// </summary>
    public void UseLocalWeights(Tensor? weights)
    {
        using var _ = no_grad();
        _local?.Dispose();
        _local = weights is null ? null : F.conv2d(_input!, weights, padding: [1, 1]);
    }

    /// <summary>Neuron-parallel: makes candidate <paramref name="index"/> channel <paramref name="channel"/>'s local state (the shared state is untouched).</summary>
    public void AcceptLocal(int index, int channel)
    {
        using var _ = no_grad();
        using var z = _candidateZ!.select(1, index);
        using var target = _local!.select(1, channel);
        target.copy_(z);
    }

    private float[] Evaluate(ReadOnlySpan<int> channels, Tensor candidates, Tensor gamma, Tensor beta)
    {
        int k = channels.Length;
        _candidateZ?.Dispose();
        _candidateA?.Dispose();
        _candidateZ = candidates;
        using var candidateGamma = gamma;
        using var candidateBeta = beta;
        using var scope = NewDisposeScope();
        if (_residual)
        {
            // Each candidate: the current normalised output with its one channel replaced, then the shortcut,
            // ReLU, pool and every later layer in full, candidates stacked along the batch.
            var fresh = F.batch_norm(_candidateZ, null, null, candidateGamma, candidateBeta, true, 0.0, RsoNetwork.Epsilon);
            var stacked = _y!.unsqueeze(0).repeat(k, 1, 1, 1, 1);              // [K, B, C, H, W]
            for (int i = 0; i < k; i++)
            {
                using var target = stacked.select(0, i).select(1, channels[i]);
                using var source = fresh.select(1, i);
                target.copy_(source);
            }
            var a = Close(stacked.view(-1, _y.shape[1], _y.shape[2], _y.shape[3]), k);
            return ResidualLosses(a, k).data<float>().ToArray();
        }
        // Each candidate's channel normalised with its own statistics: the candidates are channels of one batch.
        _candidateA = FusedBatchNorm.NormaliseRelu(candidates, 1, TensorCopy.Floats(gamma), TensorCopy.Floats(beta), RsoNetwork.Epsilon,
            _network.Architecture.Convs[_layer].Pool, get_num_threads()).DetachFromDisposeScope();
        var index = new long[k];
        for (int i = 0; i < k; i++)
        {
            index[i] = channels[i];
        }
        var selected = tensor(index);
        Tensor losses;
        if (_last)
        {
            var change = _candidateA - _a!.index_select(1, selected);            // [B, K, H, W]
            long c = _pooled!.shape[1];
            var onehot = F.one_hot(selected, c).to_type(ScalarType.Float32);   // [K, C]
            var mean = change.mean([2, 3]).t();                                  // [K, B]
            var pooled = _pooled.unsqueeze(0) + mean.unsqueeze(2) * onehot.unsqueeze(1);
            losses = HeadLosses(pooled);
        }
        else
        {
            // Candidates stacked along the batch: [K·B, Cn, H, W], candidate k in rows k·B … (k+1)·B − 1, so the
            // later convolutions are ordinary (fast) ones; each candidate's next-layer output is the cached one plus
            // the convolution of its single changed channel with that input channel's weights.
            var next = _network.Weights[_layer + 1];                             // [Cn, C, 3, 3]
            long b = _next!.shape[0];
            long cn = _next.shape[1], h = _next.shape[2], w = _next.shape[3];
            Tensor z;
            if (channels.IndexOfAnyExcept(channels[0]) < 0)
            {
                // All candidates change the same channel (±Δ of one weight): one convolution for all of them,
                // the cached next output added in place.
                var change = (_candidateA - _a!.narrow(1, channels[0], 1)).transpose(0, 1).reshape(k * b, 1, h, w);
                z = F.conv2d(change, next.narrow(1, channels[0], 1), padding: [1, 1]);
                z.view(k, b, cn, h, w).add_(_next.unsqueeze(0));
            }
            else
            {
                z = empty(k * b, cn, h, w);
                for (int i = 0; i < k; i++)
                {
                    var change = (_candidateA.select(1, i) - _a!.select(1, channels[i])).unsqueeze(1);
                    var delta = F.conv2d(change, next.narrow(1, channels[i], 1), padding: [1, 1]);
                    z.narrow(0, i * b, b).copy_(_next).add_(delta);
                }
            }
            losses = RestLosses(z, k);
        }
        return losses.data<float>().ToArray();
    }

    /// <summary>
    /// Per-candidate losses from the next layer's pre-norm outputs of K candidates stacked along the batch [K·B, C, H, W].
    /// <paramref name="z"/> is overwritten unless <paramref name="keepInput"/> (the cached state's own next output).
    /// </summary>
    private Tensor RestLosses(Tensor z, int k, bool keepInput = false)
    {
        using var scope = NewDisposeScope();
        var x = z;
        Tensor a = z;
        for (int l = _layer + 1; l < _network.ConvCount; l++)
        {
            a = NormaliseEach(x, k, l, overwrite: !keepInput || l > _layer + 1);
            if (l + 1 < _network.ConvCount)
            {
                x = _network.Convolve(l + 1, a);
            }
        }
        var pooled = a.mean([2, 3]).view(k, -1, a.shape[1]);                    // [K, B, C]
        return HeadLosses(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>Residual form: the searched layer's normalised output [K·B, C, H, W] (consumed) plus its shortcut, ReLU and pool.</summary>
    private Tensor Close(Tensor y, int k)
    {
        using (y)
        {
            int s = _network.Architecture.Convs[_layer].Skip;
            using var skip = s >= 0 ? Stack(_inputs[s] ?? _input!, k) : null;
            _network.AddShortcut(_layer, y, skip);
            y.relu_();
            return _network.Architecture.Convs[_layer].Pool ? F.avg_pool2d(y, [2, 2]) : y.alias();
        }
    }

    private static Tensor Stack(Tensor x, int k) => k == 1 ? x.alias() : x.repeat(k, 1, 1, 1);

    /// <summary>
    /// Residual form: per-candidate losses from the searched layer's activations of K candidates stacked along the
    /// batch, running every later layer in full with its skip connection (sources before the searched layer are the
    /// cached inputs, repeated per candidate).
    /// </summary>
    private Tensor ResidualLosses(Tensor a, int k)
    {
        using var scope = NewDisposeScope();
        var inputs = new Tensor?[_network.ConvCount];
        var x = a;
        for (int l = _layer + 1; l < _network.ConvCount; l++)
        {
            inputs[l] = x;
            var z = _network.Convolve(l, x);
            int s = _network.Architecture.Convs[l].Skip;
            var skip = s < 0 ? null : s > _layer ? inputs[s] : Stack(s == _layer ? _input! : _inputs[s]!, k);
            x = NormaliseEach(z, k, l, skip);
        }
        var pooled = x.mean([2, 3]).view(k, -1, x.shape[1]);                    // [K, B, C]
        return HeadLosses(pooled).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Batch norm with each candidate's own batch statistics (K blocks of the batch), the shortcut of
    /// <paramref name="skip"/> if the layer closes a residual block, then ReLU and the layer's pool. Without a skip,
    /// <see cref="FusedBatchNorm"/> does it in two passes (in place in <paramref name="x"/> when there is no pool and
    /// <paramref name="overwrite"/>); with one, libtorch's operations.
    /// </summary>
    private Tensor NormaliseEach(Tensor x, int k, int layer, Tensor? skip = null, bool overwrite = true)
    {
        if (skip is null)
        {
            // The chain form, including the current state (k = 1), normalises through one kernel, so a candidate's loss
            // and the state's loss it is compared with are computed the same way.
            return FusedBatchNorm.NormaliseRelu(x, k, TensorCopy.Floats(_network.Gamma[layer]), TensorCopy.Floats(_network.Beta[layer]),
                RsoNetwork.Epsilon, _network.Architecture.Convs[layer].Pool, get_num_threads(), overwrite);
        }
        if (k == 1)
        {
            return _network.Activate(layer, x, batchStatistics: true, skip);
        }
        using var scope = NewDisposeScope();
        long c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var v = x.view(k, -1, c, h * w);
        var (variance, mean) = var_mean(v, [1, 3], unbiased: false, keepdim: true);   // [K, 1, C, 1]
        var scale = _network.Gamma[layer].view(1, 1, c, 1) * (variance + RsoNetwork.Epsilon).rsqrt();
        var shift = _network.Beta[layer].view(1, 1, c, 1) - mean * scale;
        var y = addcmul(shift, v, scale, 1).view(-1, c, h, w);
        _network.AddShortcut(layer, y, skip);
        y.relu_();
        var a = _network.Architecture.Convs[layer].Pool ? F.avg_pool2d(y, [2, 2]) : y;
        return a.MoveToOuterDisposeScope();
    }

    /// <summary>Per-candidate mean cross-entropy of pooled features [K, B, C].</summary>
    private Tensor HeadLosses(Tensor pooled)
    {
        using var scope = NewDisposeScope();
        var logits = matmul(pooled, _network.Classifier.t());                  // [K, B, classes]
        var logp = F.log_softmax(logits, 2);
        var labels = _labels!.view(1, -1, 1).expand(logp.shape[0], logp.shape[1], 1);
        return logp.gather(2, labels).squeeze(2).mean([1]).neg().MoveToOuterDisposeScope();
    }

    private void DisposeState()
    {
        foreach (var t in new[] { _input, _padded, _z, _a, _next, _pooled, _labels, _candidateZ, _candidateA, _local, _y })
        {
            t?.Dispose();
        }
        _input = _padded = _z = _a = _next = _pooled = _labels = _candidateZ = _candidateA = _local = _y = null;
        for (int l = 0; l < _inputs.Length; l++)
        {
            _inputs[l]?.Dispose();
            _inputs[l] = null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DisposeState();
    }
}
