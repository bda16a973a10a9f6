using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Networks;

/// <summary>Copies between managed spans and contiguous CPU float tensors without intermediate arrays.</summary>
public static class TensorCopy
{
    /// <summary>The float storage of a contiguous CPU float32 tensor.</summary>
    public static Span<float> Floats(Tensor tensor)
    {
        if (tensor.dtype != ScalarType.Float32 || !tensor.is_contiguous())
        {
            throw new ArgumentException("expected a contiguous float32 tensor", nameof(tensor));
        }
        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    /// <summary>A new float32 tensor of <paramref name="shape"/> holding <paramref name="values"/>.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, params long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        values.CopyTo(Floats(t));
        return t;
    }

    /// <summary>The values of a float tensor (any layout) as a new array.</summary>
    public static float[] ToArray(Tensor tensor)
    {
        using var c = tensor.detach().contiguous();
        return Floats(c).ToArray();
    }
}
