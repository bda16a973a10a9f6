using System.Runtime.InteropServices;
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
    private readonly Tensor[] _stagedWeights;
    private readonly Tensor[] _stagedBiases;
    private readonly Tensor[] _weights;      // per layer [N, out, in]: transposed, so each product reads rows
    private readonly Tensor[] _biases;       // per layer [N, out, 1]
    private readonly Tensor[] _outputs;      // per layer [N, out, batch]
    private readonly Tensor _input;          // [batch, in]
    private readonly Tensor _inputTransposed;
    private readonly Tensor[][] _slotWeights; // per layer, per slot [out, in]
    private readonly Tensor[][] _slotBiases;  // per layer, per slot [out, 1]
    private readonly Tensor[][] _slotOutputs; // per layer, per slot [out, batch]
    private readonly Tensor?[] _outputViews;  // per layer, the first Population slots
    private readonly float*[] _stagedWeightData;
    private readonly float*[] _stagedBiasData;
    private readonly float* _inputData;
    private readonly float* _logitsData;
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
        _stagedWeights = new Tensor[layers];
        _stagedBiases = new Tensor[layers];
        _weights = new Tensor[layers];
        _biases = new Tensor[layers];
        _outputs = new Tensor[layers];
        _outputViews = new Tensor?[layers];
        _stagedWeightData = new float*[layers];
        _stagedBiasData = new float*[layers];
        for (int l = 0; l < layers; l++)
        {
            _stagedWeights[l] = zeros(capacity, _sizes[l], _sizes[l + 1], float32);
            _stagedBiases[l] = zeros(capacity, 1, _sizes[l + 1], float32);
            _weights[l] = zeros(capacity, _sizes[l + 1], _sizes[l], float32);
            _biases[l] = zeros(capacity, _sizes[l + 1], 1, float32);
            _outputs[l] = zeros(capacity, _sizes[l + 1], batch, float32);
            _stagedWeightData[l] = (float*)Address(_stagedWeights[l]);
            _stagedBiasData[l] = (float*)Address(_stagedBiases[l]);
        }
        _input = zeros(batch, _sizes[0], float32);
        _inputTransposed = _input.t();
        _inputData = (float*)Address(_input);
        _logitsData = (float*)Address(_outputs[^1]);
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
    public Span<float> Weights(int layer, int slot)
    {
        int n = _sizes[layer] * _sizes[layer + 1];
        CheckSlot(slot);
        return new Span<float>(_stagedWeightData[layer] + (long)slot * n, n);
    }

    /// <inheritdoc />
    public Span<float> Biases(int layer, int slot)
    {
        int n = _sizes[layer + 1];
        CheckSlot(slot);
        return new Span<float>(_stagedBiasData[layer] + (long)slot * n, n);
    }

    /// <summary>The shared input batch: [batch, in] row-major, one example per row.</summary>
    public Span<float> Input => new(_inputData, Batch * Inputs);

    /// <summary>After <see cref="Forward"/>: the logits of candidate <paramref name="slot"/>, [classes, batch] (one row per class).</summary>
    public ReadOnlySpan<float> Logits(int slot)
    {
        CheckSlot(slot);
        int n = Classes * Batch;
        return new ReadOnlySpan<float>(_logitsData + (long)slot * n, n);
    }

    /// <summary>Moves the first <paramref name="population"/> staged candidates into compute form (weights transposed).</summary>
    public void Commit(int population)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(population, Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(population, 1);
        using (NewDisposeScope())
        {
            for (int l = 0; l < Layers; l++)
            {
                _weights[l].narrow(0, 0, population).copy_(_stagedWeights[l].narrow(0, 0, population).transpose(1, 2));
                _biases[l].narrow(0, 0, population).copy_(_stagedBiases[l].narrow(0, 0, population).transpose(1, 2));
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

    private static void* Address(Tensor t) => System.Runtime.CompilerServices.Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    private void CheckSlot(int slot)
    {
        if ((uint)slot >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(slot));
        }
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
            _stagedWeights[l].Dispose();
            _stagedBiases[l].Dispose();
            _weights[l].Dispose();
            _biases[l].Dispose();
            _outputs[l].Dispose();
        }
        _inputTransposed.Dispose();
        _input.Dispose();
    }
}
