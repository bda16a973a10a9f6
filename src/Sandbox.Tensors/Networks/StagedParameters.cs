using static TorchSharp.torch;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// The per-candidate weights ([capacity, in, out] per layer) and biases ([capacity, 1, out]) a batched network
/// stages in CPU memory, where callers write each candidate's parameters straight into the tensors' storage before
/// the network copies them into the layout its products read.
/// </summary>
internal sealed unsafe class StagedParameters : IDisposable
{
    private readonly int[] _sizes;
    private readonly float*[] _weightData;
    private readonly float*[] _biasData;

    /// <summary>Zeroed staging for <paramref name="capacity"/> candidates of a network with layer widths <paramref name="sizes"/>.</summary>
    public StagedParameters(int[] sizes, int capacity)
    {
        _sizes = sizes;
        Capacity = capacity;
        int layers = sizes.Length - 1;
        WeightTensors = new Tensor[layers];
        BiasTensors = new Tensor[layers];
        _weightData = new float*[layers];
        _biasData = new float*[layers];
        for (int l = 0; l < layers; l++)
        {
            WeightTensors[l] = zeros(capacity, sizes[l], sizes[l + 1], float32);
            BiasTensors[l] = zeros(capacity, 1, sizes[l + 1], float32);
            _weightData[l] = (float*)TensorStorage.Address(WeightTensors[l]);
            _biasData[l] = (float*)TensorStorage.Address(BiasTensors[l]);
        }
    }

    /// <summary>Candidates there is room for.</summary>
    public int Capacity { get; }

    /// <summary>Per layer, every candidate's staged weights.</summary>
    public Tensor[] WeightTensors { get; }

    /// <summary>Per layer, every candidate's staged biases.</summary>
    public Tensor[] BiasTensors { get; }

    /// <summary>The staged weights of candidate <paramref name="slot"/> in <paramref name="layer"/>: [in, out] row-major.</summary>
    public Span<float> Weights(int layer, int slot)
    {
        int n = _sizes[layer] * _sizes[layer + 1];
        CheckSlot(slot);
        return new Span<float>(_weightData[layer] + (long)slot * n, n);
    }

    /// <summary>The staged biases of candidate <paramref name="slot"/> in <paramref name="layer"/>.</summary>
    public Span<float> Biases(int layer, int slot)
    {
        int n = _sizes[layer + 1];
        CheckSlot(slot);
        return new Span<float>(_biasData[layer] + (long)slot * n, n);
    }

    /// <summary>Throws unless <paramref name="slot"/> is below <see cref="Capacity"/>.</summary>
    public void CheckSlot(int slot)
    {
        if ((uint)slot >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(slot));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in WeightTensors.Concat(BiasTensors))
        {
            t.Dispose();
        }
    }
}
