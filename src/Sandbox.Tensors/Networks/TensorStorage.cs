using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Networks;

/// <summary>Raw access to the storage of contiguous CPU tensors that the batched networks read and write directly.</summary>
internal static unsafe class TensorStorage
{
    /// <summary>The first byte of <paramref name="t"/>'s storage; CPU buffers never move, so callers may keep it.</summary>
    public static void* Address(Tensor t) => Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));
}
