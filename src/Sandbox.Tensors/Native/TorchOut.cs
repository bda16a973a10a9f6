using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Native;

/// <summary>
/// libtorch's <c>out=</c> products, which TorchSharp 0.107 does not bind: they write into a preallocated tensor,
/// so a forward pass allocates nothing (neither result tensors nor their managed wrappers). They come from
/// libtorch's stable C shim for ahead-of-time compiled models (<c>aoti_torch_cpu_*</c> in libtorch_cpu), which takes
/// <c>at::Tensor*</c> handles — the same handles TorchSharp's <see cref="Tensor.Handle"/> exposes. CPU tensors only.
/// </summary>
public static partial class TorchOut
{
    private const string Library = "torch_cpu";

    /// <summary>out = beta·input + alpha·(batch1 @ batch2), per batch element; input broadcasts.</summary>
    public static void BatchedProductAdd(Tensor output, Tensor input, Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) =>
        Check(BaddbmmOut(output.Handle, input.Handle, batch1.Handle, batch2.Handle, beta, alpha), "baddbmm");

    /// <summary>out = beta·input + alpha·(mat1 @ mat2); input broadcasts.</summary>
    public static void ProductAdd(Tensor output, Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) =>
        Check(AddmmOut(output.Handle, input.Handle, mat1.Handle, mat2.Handle, beta, alpha), "addmm");

    private static void Check(int status, string what)
    {
        if (status != 0)
        {
            // The shim reports failures as a status only; shapes are checked by the callers, so this is a bug.
            throw new InvalidOperationException($"libtorch {what}_out failed (status {status}): mismatched shapes or devices");
        }
    }

    [LibraryImport(Library, EntryPoint = "aoti_torch_cpu_baddbmm_out")]
    private static partial int BaddbmmOut(IntPtr output, IntPtr input, IntPtr batch1, IntPtr batch2, double beta, double alpha);

    [LibraryImport(Library, EntryPoint = "aoti_torch_cpu_addmm_out")]
    private static partial int AddmmOut(IntPtr output, IntPtr input, IntPtr mat1, IntPtr mat2, double beta, double alpha);
}
