using Sandbox.Tensors.Loading;
using TorchSharp;

namespace Sandbox.Tensors.Devices;

/// <summary>Where tensors live: <c>cpu</c>, or <c>cuda</c> / <c>cuda:N</c> when a CUDA build of libtorch is present.</summary>
public sealed record ComputeDevice(string Name)
{
    /// <summary>The CPU.</summary>
    public static ComputeDevice Cpu { get; } = new("cpu");

    /// <summary>Whether this is a CUDA device.</summary>
    public bool IsCuda => Name.StartsWith("cuda", StringComparison.Ordinal);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static bool TryParse(string text, out ComputeDevice device)
    {
        device = Cpu;
        if (text == "cpu")
        {
            return true;
        }
        if (text == "cuda" || (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out int index) && index >= 0))
        {
            device = new ComputeDevice(text);
            return true;
        }
        return false;
    }

    /// <summary>Loads libtorch and returns the TorchSharp device, or explains why it is not available.</summary>
    /// <exception cref="TorchUnavailableException">CUDA was asked for and this libtorch has none.</exception>
    public torch.Device Resolve()
    {
        TorchRuntime.EnsureInitialized();
        if (!IsCuda)
        {
            return torch.CPU;
        }
        if (!torch.TryInitializeDeviceType(DeviceType.CUDA) || !torch.cuda.is_available())
        {
            throw new TorchUnavailableException(
                $"device '{Name}' requested, but the libtorch loaded here is CPU-only (TorchSharp-cpu); on a machine with an NVIDIA GPU, reference a CUDA build of libtorch (e.g. TorchSharp-cuda-linux) and rebuild, or use --device cpu");
        }
        return torch.device(Name);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
