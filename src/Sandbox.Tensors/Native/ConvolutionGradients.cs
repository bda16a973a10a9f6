using System.Runtime.InteropServices;
using Sandbox.Tensors.Loading;
using static TorchSharp.torch;

namespace Sandbox.Tensors.Native;

/// <summary>
/// Backpropagation around a fault in the oneDNN (3.7.1) that libtorch 2.10 uses for CPU convolutions: the input
/// gradient of a convolution whose output channels are not a multiple of oneDNN's channel block (16 floats with
/// AVX-512, 8 with AVX2) comes back wrong in every element, now and then NaN (measured here against float64: an
/// edge-popup network of width 0.125 diverged in some runs and not in others). Forward results and weight gradients
/// are right. Networks with such a layer behind their first one backpropagate through <see cref="Backward"/>, which
/// switches libtorch to its own convolution kernels for the backward pass only: about twice as slow as oneDNN's
/// there, so networks whose widths are multiples of the block keep oneDNN.
/// </summary>
public static partial class ConvolutionGradients
{
    /// <summary>Output channels are safe in multiples of this (AVX-512's block; AVX2's 8 divides it).</summary>
    public const int ChannelBlock = 16;

    private const string Library = "torch_cpu";
    private static readonly Lock Gate = new();
    private static int _holders;
    private static bool _previous;

    /// <summary>Whether a convolution of <paramref name="outputChannels"/> needs <see cref="Backward"/> when its input gradient is wanted.</summary>
    public static bool NeedsExactInputGradient(long outputChannels) => outputChannels % ChannelBlock != 0;

    /// <summary>Whether libtorch may use oneDNN for convolutions right now.</summary>
    public static bool OneDnnEnabled
    {
        get
        {
            TorchRuntime.EnsureInitialized();
            return UserEnabledMkldnn(GlobalContext());
        }
    }

    /// <summary>
    /// <c>loss.backward()</c>; when <paramref name="exact"/>, with oneDNN off until it returns. Threads that overlap
    /// share one switch (the last to leave restores the previous setting).
    /// </summary>
    public static void Backward(Tensor loss, bool exact)
    {
        if (!exact)
        {
            loss.backward();
            return;
        }
        Enter();
        try
        {
            loss.backward();
        }
        finally
        {
            Leave();
        }
    }

    private static void Enter()
    {
        TorchRuntime.EnsureInitialized();
        lock (Gate)
        {
            if (_holders++ == 0)
            {
                nint context = GlobalContext();
                _previous = UserEnabledMkldnn(context);
                SetUserEnabledMkldnn(context, false);
            }
        }
    }

    private static void Leave()
    {
        lock (Gate)
        {
            if (--_holders == 0)
            {
                SetUserEnabledMkldnn(GlobalContext(), _previous);
            }
        }
    }

    // at::globalContext() and two members of at::Context (the Itanium C++ ABI passes `this` first); exported by
    // libtorch_cpu, not bound by TorchSharp 0.107 (PyTorch's torch.backends.mkldnn.enabled).
    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial nint GlobalContext();

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(nint context);

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
