using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Native;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// Forward passes of a population of MLP classifiers (one weight set per candidate) on ONE shared input batch,
/// with class logits scored by softmax cross-entropy and accuracy (<see cref="Score"/>). Every candidate's first
/// layer is its own product [hidden, in] × [in, batch] against the same inputs (never copied per candidate), and so
/// is every later layer; all results go to preallocated tensors, so a forward pass allocates nothing. Products of
/// the same shape for every candidate (never one batched product whose kernel could depend on the batch count)
/// make a candidate's logits depend only on its own weights and the batch, bit for bit.
/// </summary>
public sealed unsafe class SharedInputMlp : IStagedNetwork, IDisposable
{
    private readonly int[] _sizes;
    private readonly StagedParameters _staged;
    private readonly Tensor[] _weights;      // per layer [N, out, in]: transposed, so each product reads rows
    private readonly Tensor[] _biases;       // per layer [N, out, 1]
    private readonly Tensor[] _outputs;      // per layer [N, out, batch]
    private readonly Tensor _input;          // [batch, in]
    private readonly Tensor _inputTransposed;
    private readonly Tensor[][] _slotWeights; // per layer, per slot [out, in]
    private readonly Tensor[][] _slotBiases;  // per layer, per slot [out, 1]
    private readonly Tensor[][] _slotOutputs; // per layer, per slot [out, batch]
    private readonly Tensor?[] _outputViews;  // per layer, the first Population slots
    private readonly float* _inputData;
    private readonly float* _logitsData;
    private readonly float* _firstOutputData;
    private bool _disposed;

    /// <summary>
    /// Allocates room for <paramref name="capacity"/> candidates with layer widths <paramref name="sizes"/>
    /// (inputs, hidden..., classes) on batches of <paramref name="batch"/> examples.
    /// </summary>
    public SharedInputMlp(IReadOnlyList<int> sizes, int capacity, int batch, Activation activation, ComputeDevice device)
    {
        if (sizes.Count < 2)
        {
            throw new ArgumentException("an MLP needs at least an input and an output width", nameof(sizes));
        }
        if (device.IsCuda)
        {
            // The out= products are libtorch's CPU shim; a device path would use allocating TorchSharp operations.
            throw new NotSupportedException("the shared-input classifier forward runs on the CPU only in this build");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        device.Resolve();
        _sizes = [.. sizes];
        Capacity = capacity;
        Batch = batch;
        Activation = activation;
        int layers = _sizes.Length - 1;
        _staged = new StagedParameters(_sizes, capacity);
        _weights = new Tensor[layers];
        _biases = new Tensor[layers];
        _outputs = new Tensor[layers];
        _outputViews = new Tensor?[layers];
        for (int l = 0; l < layers; l++)
        {
            _weights[l] = zeros(capacity, _sizes[l + 1], _sizes[l], float32);
            _biases[l] = zeros(capacity, _sizes[l + 1], 1, float32);
            _outputs[l] = zeros(capacity, _sizes[l + 1], batch, float32);
        }
        _input = zeros(batch, _sizes[0], float32);
        _inputTransposed = _input.t();
        _inputData = (float*)TensorStorage.Address(_input);
        _logitsData = (float*)TensorStorage.Address(_outputs[^1]);
        _firstOutputData = (float*)TensorStorage.Address(_outputs[0]);
        _slotWeights = new Tensor[layers][];
        _slotBiases = new Tensor[layers][];
        _slotOutputs = new Tensor[layers][];
        for (int l = 0; l < layers; l++)
        {
            _slotWeights[l] = new Tensor[capacity];
            _slotBiases[l] = new Tensor[capacity];
            _slotOutputs[l] = new Tensor[capacity];
            for (int c = 0; c < capacity; c++)
            {
                _slotWeights[l][c] = _weights[l][c];
                _slotBiases[l][c] = _biases[l][c];
                _slotOutputs[l][c] = _outputs[l][c];
            }
        }
    }

    /// <summary>Maximum number of candidates.</summary>
    public int Capacity { get; }

    /// <summary>Candidates loaded by the last <see cref="Commit"/>.</summary>
    public int Population { get; private set; }

    /// <summary>Examples per batch.</summary>
    public int Batch { get; }

    /// <summary>Nonlinearity after each hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>Input width (pixels per example).</summary>
    public int Inputs => _sizes[0];

    /// <summary>Number of classes.</summary>
    public int Classes => _sizes[^1];

    /// <inheritdoc />
    public int Layers => _sizes.Length - 1;

    /// <inheritdoc />
    public Span<float> Weights(int layer, int slot) => _staged.Weights(layer, slot);

    /// <inheritdoc />
    public Span<float> Biases(int layer, int slot) => _staged.Biases(layer, slot);

    /// <summary>The shared input batch: [batch, in] row-major, one example per row.</summary>
    public Span<float> Input => new(_inputData, Batch * Inputs);

    /// <summary>After <see cref="Forward"/>: the logits of candidate <paramref name="slot"/>, [classes, batch] (one row per class).</summary>
    public ReadOnlySpan<float> Logits(int slot)
    {
        _staged.CheckSlot(slot);
        int n = Classes * Batch;
        return new ReadOnlySpan<float>(_logitsData + (long)slot * n, n);
    }

    /// <summary>
    /// Moves the first <paramref name="population"/> staged slots into compute form (weights transposed). With
    /// <paramref name="sharedSlots"/> &gt; 0 (for <see cref="ForwardShared"/>), only the first layer of the shared slots
    /// and the later layers of the others are moved: nothing else is read.
    /// </summary>
    public void Commit(int population, int sharedSlots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(population, Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(population, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(sharedSlots);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sharedSlots, population);
        using (NewDisposeScope())
        {
            for (int l = 0; l < Layers; l++)
            {
                int from = sharedSlots == 0 ? 0 : l == 0 ? 0 : sharedSlots;
                int count = sharedSlots == 0 ? population : l == 0 ? sharedSlots : population - sharedSlots;
                _weights[l].narrow(0, from, count).copy_(_staged.WeightTensors[l].narrow(0, from, count).transpose(1, 2));
                _biases[l].narrow(0, from, count).copy_(_staged.BiasTensors[l].narrow(0, from, count).transpose(1, 2));
            }
        }
        if (population != Population)
        {
            Population = population;
            for (int l = 0; l < Layers; l++)
            {
                _outputViews[l]?.Dispose();
                _outputViews[l] = _outputs[l].narrow(0, 0, population);
            }
        }
    }

    /// <summary>Runs all <see cref="Population"/> candidates on the shared input batch.</summary>
    public void Forward()
    {
        if (Population == 0)
        {
            throw new InvalidOperationException("commit weights before the forward pass");
        }
        for (int l = 0; l < Layers; l++)
        {
            var weights = _slotWeights[l];
            var biases = _slotBiases[l];
            var outputs = _slotOutputs[l];
            var inputs = l == 0 ? null : _slotOutputs[l - 1];
            for (int c = 0; c < Population; c++)
            {
                TorchOut.ProductAdd(outputs[c], biases[c], weights[c], inputs?[c] ?? _inputTransposed);
            }
            if (l < Layers - 1)
            {
                Activate(_outputViews[l]!);
            }
        }
    }

    /// <summary>
    /// A forward in which the candidates (slots <paramref name="sharedSlots"/> onwards) take their first layer by
    /// linearity from shared slots: h₁ = out[base] + scale · out[noise] (out[noise] omitted when the noise slot is
    /// −1), where the shared slots' first layers are the only first-layer products. Later layers are per candidate
    /// as in <see cref="Forward"/>. Plain multiply then add, never fused, so every machine computes the same bits.
    /// </summary>
    public void ForwardShared(int sharedSlots, ReadOnlySpan<int> baseSlot, ReadOnlySpan<int> noiseSlot, ReadOnlySpan<float> scale)
    {
        int candidates = Population - sharedSlots;
        if (Population == 0 || sharedSlots < 1 || candidates < 1 || baseSlot.Length < candidates || noiseSlot.Length < candidates || scale.Length < candidates)
        {
            throw new InvalidOperationException("commit the shared slots and candidates, and give a plan for every candidate");
        }
        for (int s = 0; s < sharedSlots; s++)
        {
            TorchOut.ProductAdd(_slotOutputs[0][s], _slotBiases[0][s], _slotWeights[0][s], _inputTransposed);
        }
        int n = _sizes[1] * Batch;
        for (int j = 0; j < candidates; j++)
        {
            if ((uint)baseSlot[j] >= (uint)sharedSlots || noiseSlot[j] >= sharedSlots)
            {
                throw new ArgumentOutOfRangeException(nameof(baseSlot), "a candidate's base and noise must be shared slots");
            }
            var destination = new Span<float>(_firstOutputData + (long)(sharedSlots + j) * n, n);
            var p = new ReadOnlySpan<float>(_firstOutputData + (long)baseSlot[j] * n, n);
            if (noiseSlot[j] < 0)
            {
                p.CopyTo(destination);
            }
            else
            {
                AddScaled(p, new ReadOnlySpan<float>(_firstOutputData + (long)noiseSlot[j] * n, n), scale[j], destination);
            }
        }
        for (int l = 0; l < Layers; l++)
        {
            if (l > 0)
            {
                var weights = _slotWeights[l];
                var biases = _slotBiases[l];
                var outputs = _slotOutputs[l];
                var inputs = _slotOutputs[l - 1];
                for (int c = sharedSlots; c < Population; c++)
                {
                    TorchOut.ProductAdd(outputs[c], biases[c], weights[c], inputs[c]);
                }
            }
            if (l < Layers - 1)
            {
                // The shared slots' first layers are spent by now; activating them too keeps this one call.
                Activate(_outputViews[l]!);
            }
        }
    }

    private static void AddScaled(ReadOnlySpan<float> p, ReadOnlySpan<float> q, float scale, Span<float> destination)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var s = new System.Numerics.Vector<float>(scale);
            int width = System.Numerics.Vector<float>.Count;
            for (; i + width <= p.Length; i += width)
            {
                var product = new System.Numerics.Vector<float>(q[i..]) * s;
                (new System.Numerics.Vector<float>(p[i..]) + product).CopyTo(destination[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            float product = q[i] * scale;
            destination[i] = p[i] + product;
        }
    }

    private void Activate(Tensor h)
    {
        switch (Activation)
        {
            case Activation.Relu:
                h.relu_();
                break;
            case Activation.Sigmoid:
                h.sigmoid_();
                break;
            default:
                h.tanh_();
                break;
        }
    }

    /// <summary>
    /// Mean softmax cross-entropy and accuracy of candidate <paramref name="slot"/> on the first
    /// <paramref name="count"/> examples of the batch, whose labels are <paramref name="labels"/>.
    /// </summary>
    public (double Loss, int Correct) Score(int slot, ReadOnlySpan<int> labels, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, labels.Length);
        return SoftmaxScore.Evaluate(Logits(slot), Classes, Batch, labels[..count]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        for (int l = 0; l < Layers; l++)
        {
            foreach (var t in _slotWeights[l].Concat(_slotBiases[l]).Concat(_slotOutputs[l]))
            {
                t.Dispose();
            }
            _outputViews[l]?.Dispose();
            _weights[l].Dispose();
            _biases[l].Dispose();
            _outputs[l].Dispose();
        }
        _staged.Dispose();
        _inputTransposed.Dispose();
        _input.Dispose();
    }
}
