using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Native;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// Forward passes of a whole population of MLPs (one weight set per candidate) over <see cref="Rows"/> inputs
/// of its own each (a control population: one row per episode), with one batched matrix product per layer per
/// call. Weights are staged in CPU memory the caller writes directly (<see cref="Weights"/>,
/// <see cref="Biases"/>), then <see cref="Commit"/>ted to the device. On the CPU every product writes into a
/// preallocated tensor, so a forward pass allocates nothing.
/// </summary>
/// <remarks>
/// On CPU libtorch's tanh costs about three times its sigmoid, so tanh hidden layers run in the
/// equivalent sigmoid form: with tanh(z) = 2σ(2z) − 1, the next layer's pre-activation
/// (2s − 1)W + b equals s(2W) + (b − 1ᵀW). <see cref="Commit"/> folds those factors and column
/// sums into the weights once per load, so each step does only the product and sigmoid_.
/// </remarks>
public sealed unsafe class BatchedMlp : IStagedNetwork, IDisposable
{
    private readonly int[] _sizes;
    private readonly Device _device;
    private readonly bool _cpu;
    private readonly StagedParameters _staged;
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly Tensor[] _layerOutputs;
    private readonly Tensor _input;
    private readonly Tensor? _deviceInput;
    private readonly Tensor _output;
    private readonly long[] _argMax;
    // CPU buffers never move, so their addresses are taken once rather than on every access.
    private readonly float* _inputData;
    private readonly float* _outputData;
    // Views of the first Population candidates, rebuilt only when the population changes, so a
    // forward pass makes no narrow() calls (each is a native round trip and a managed object).
    private readonly Tensor?[] _weightViews;
    private readonly Tensor?[] _biasViews;
    private readonly Tensor?[] _outputViews;
    private Tensor? _inputView;
    private Tensor? _deviceInputView;
    private bool _disposed;

    /// <summary>
    /// Allocates room for <paramref name="capacity"/> candidates with layer widths <paramref name="sizes"/>
    /// (inputs, hidden..., outputs), <paramref name="rows"/> inputs each and <paramref name="activation"/> after
    /// every hidden layer.
    /// </summary>
    public BatchedMlp(IReadOnlyList<int> sizes, int capacity, int rows, OutputHead head, ComputeDevice device, Activation activation = Activation.Tanh)
    {
        if (sizes.Count < 2)
        {
            throw new ArgumentException("an MLP needs at least an input and an output width", nameof(sizes));
        }
        if (head == OutputHead.Logits)
        {
            throw new ArgumentException("a logits head needs a shared input batch: use SharedInputMlp", nameof(head));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        _sizes = [.. sizes];
        _device = device.Resolve();
        _cpu = !device.IsCuda;
        Capacity = capacity;
        Rows = rows;
        Head = head;
        Activation = activation;
        int layers = _sizes.Length - 1;
        _staged = new StagedParameters(_sizes, capacity);
        _weights = new Tensor[layers];
        _biases = new Tensor[layers];
        _layerOutputs = new Tensor[layers];
        for (int l = 0; l < layers; l++)
        {
            _weights[l] = zeros(capacity, _sizes[l], _sizes[l + 1], float32, _device);
            _biases[l] = zeros(capacity, 1, _sizes[l + 1], float32, _device);
            _layerOutputs[l] = zeros(capacity, rows, _sizes[l + 1], float32, _device);
        }
        _input = zeros(capacity, rows, _sizes[0], float32);
        _deviceInput = _cpu ? null : zeros(capacity, rows, _sizes[0], float32, _device);
        // On the CPU the last layer's output buffer is the output; elsewhere results are copied here.
        _output = _cpu ? _layerOutputs[^1] : zeros(capacity, rows, Outputs, float32);
        _argMax = new long[capacity * rows];
        _weightViews = new Tensor?[layers];
        _biasViews = new Tensor?[layers];
        _outputViews = new Tensor?[layers];
        _inputData = (float*)TensorStorage.Address(_input);
        _outputData = (float*)TensorStorage.Address(_output);
    }

    /// <summary>Maximum number of candidates.</summary>
    public int Capacity { get; }

    /// <summary>Candidates in the current batch (set by <see cref="Commit"/>, reduced by <see cref="Compact"/>).</summary>
    public int Population { get; private set; }

    /// <summary>Inputs per candidate per forward pass.</summary>
    public int Rows { get; }

    /// <summary>What the last layer produces.</summary>
    public OutputHead Head { get; }

    /// <summary>Nonlinearity after each hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>Input width.</summary>
    public int Inputs => _sizes[0];

    /// <summary>Output width.</summary>
    public int Outputs => _sizes[^1];

    /// <summary>Number of weight layers.</summary>
    public int Layers => _sizes.Length - 1;

    /// <summary>The staged weights of candidate <paramref name="slot"/> in <paramref name="layer"/>: [in, out] row-major.</summary>
    public Span<float> Weights(int layer, int slot) => _staged.Weights(layer, slot);

    /// <summary>The staged biases of candidate <paramref name="slot"/> in <paramref name="layer"/>.</summary>
    public Span<float> Biases(int layer, int slot) => _staged.Biases(layer, slot);

    /// <summary>The input rows of candidate <paramref name="slot"/>: [rows, in] row-major.</summary>
    public Span<float> Input(int slot)
    {
        int n = Rows * Inputs;
        _staged.CheckSlot(slot);
        return new Span<float>(_inputData + (long)slot * n, n);
    }

    /// <summary>After <see cref="Forward"/> with <see cref="OutputHead.ArgMax"/>: the chosen index per row of <paramref name="slot"/> (the first largest output).</summary>
    public ReadOnlySpan<long> ArgMax(int slot)
    {
        _staged.CheckSlot(slot);
        return _argMax.AsSpan(slot * Rows, Rows);
    }

    /// <summary>After <see cref="Forward"/> with <see cref="OutputHead.Tanh"/>: [rows, out] values in (-1, 1) for <paramref name="slot"/>.</summary>
    public ReadOnlySpan<float> Output(int slot)
    {
        int n = Rows * Outputs;
        _staged.CheckSlot(slot);
        return new ReadOnlySpan<float>(_outputData + (long)slot * n, n);
    }

    /// <summary>Moves the first <paramref name="population"/> staged candidates to the device in compute form.</summary>
    public void Commit(int population)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(population, Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(population, 1);
        using (NewDisposeScope())
        {
            Stage(population);
        }
        SetPopulation(population);
    }

    private void Stage(int population)
    {
        int last = Layers - 1;
        for (int l = 0; l < Layers; l++)
        {
            var w = _staged.WeightTensors[l].narrow(0, 0, population);
            var b = _staged.BiasTensors[l].narrow(0, 0, population);
            Tensor cw = w, cb = b;
            if (Activation == Activation.Tanh)
            {
                if (l == 0)
                {
                    // Input layer: no preceding tanh to undo; only the doubling for σ(2z).
                    double k = last == 0 ? 1.0 : 2.0;
                    cw = w * k;
                    cb = b * k;
                }
                else
                {
                    var columnSums = w.sum(1, keepdim: true);
                    double k = l == last ? 1.0 : 2.0;
                    cw = w * (2.0 * k);
                    cb = (b - columnSums) * k;
                }
            }
            _weights[l].narrow(0, 0, population).copy_(cw);
            _biases[l].narrow(0, 0, population).copy_(cb);
        }
    }

    /// <summary>Rebuilds the views; called outside any dispose scope so they outlive it.</summary>
    private void SetPopulation(int population)
    {
        Population = population;
        DisposeViews();
        for (int l = 0; l < Layers; l++)
        {
            _weightViews[l] = _weights[l].narrow(0, 0, population);
            _biasViews[l] = _biases[l].narrow(0, 0, population);
            _outputViews[l] = _layerOutputs[l].narrow(0, 0, population);
        }
        _inputView = _input.narrow(0, 0, population);
        _deviceInputView = _deviceInput?.narrow(0, 0, population);
    }

    private void DisposeViews()
    {
        for (int l = 0; l < Layers; l++)
        {
            _weightViews[l]?.Dispose();
            _biasViews[l]?.Dispose();
            _outputViews[l]?.Dispose();
        }
        _inputView?.Dispose();
        _deviceInputView?.Dispose();
    }

    /// <summary>
    /// Keeps only the candidates in <paramref name="slots"/> (ascending or not), which become slots
    /// 0..n-1 in that order; staged inputs of kept slots must be rewritten by the caller.
    /// </summary>
    public void Compact(ReadOnlySpan<int> slots)
    {
        if (slots.Length == 0 || slots.Length > Population)
        {
            throw new ArgumentException("compaction keeps between 1 and Population candidates", nameof(slots));
        }
        using (NewDisposeScope())
        {
            var index = tensor(slots.ToArray(), int64, _device);
            for (int l = 0; l < Layers; l++)
            {
                var w = _weightViews[l]!.index_select(0, index);
                var b = _biasViews[l]!.index_select(0, index);
                _weights[l].narrow(0, 0, slots.Length).copy_(w);
                _biases[l].narrow(0, 0, slots.Length).copy_(b);
            }
        }
        SetPopulation(slots.Length);
    }

    /// <summary>Runs all <see cref="Population"/> candidates on their input rows.</summary>
    public void Forward()
    {
        if (Population == 0)
        {
            throw new InvalidOperationException("commit weights before the forward pass");
        }
        if (_cpu)
        {
            var x = _inputView!;
            for (int l = 0; l < Layers; l++)
            {
                var h = _outputViews[l]!;
                TorchOut.BatchedProductAdd(h, _biasViews[l]!, x, _weightViews[l]!);
                if (l < Layers - 1)
                {
                    ActivateInPlace(h);
                }
                x = h;
            }
            if (Head == OutputHead.Tanh)
            {
                x.tanh_();
            }
        }
        else
        {
            ForwardOnDevice();
        }
        if (Head == OutputHead.ArgMax)
        {
            TakeArgMax();
        }
    }

    private void ActivateInPlace(Tensor h)
    {
        switch (Activation)
        {
            case Activation.Relu:
                h.relu_();
                break;
            default:
                // tanh runs as σ(2z) with the factors folded into the weights (see the remarks); sigmoid is itself.
                h.sigmoid_();
                break;
        }
    }

    /// <summary>The same computation with allocating operations, for devices the out= products do not serve.</summary>
    private void ForwardOnDevice()
    {
        using var scope = NewDisposeScope();
        var x = _deviceInputView!.copy_(_inputView!);
        for (int l = 0; l < Layers; l++)
        {
            var h = x.baddbmm(_weightViews[l]!, _biasViews[l]!);
            if (l < Layers - 1)
            {
                ActivateInPlace(h);
            }
            x = h;
        }
        if (Head == OutputHead.Tanh)
        {
            x.tanh_();
        }
        _output.narrow(0, 0, Population).copy_(x);
    }

    /// <summary>The first index of the largest output per row (NaN counts as largest, as in torch.argmax).</summary>
    private void TakeArgMax()
    {
        int outputs = Outputs;
        int n = Population * Rows;
        for (int r = 0; r < n; r++)
        {
            var row = new ReadOnlySpan<float>(_outputData + (long)r * outputs, outputs);
            int best = 0;
            for (int j = 1; j < row.Length; j++)
            {
                if (row[j] > row[best] || (float.IsNaN(row[j]) && !float.IsNaN(row[best])))
                {
                    best = j;
                }
            }
            _argMax[r] = best;
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
        DisposeViews();
        _staged.Dispose();
        foreach (var t in _weights.Concat(_biases).Concat(_layerOutputs))
        {
            t.Dispose();
        }
        _input.Dispose();
        _deviceInput?.Dispose();
        if (!_cpu)
        {
            _output.Dispose();
        }
    }
}
