using Sandbox.Tensors.Loading;

[assembly: AssemblyFixture(typeof(Sandbox.Tensors.Tests.TorchLoaded))]

namespace Sandbox.Tensors.Tests;

/// <summary>
/// Loads libtorch through <see cref="TorchRuntime"/> before any test runs: a test that touched TorchSharp first
/// (in random order, on a fresh build) would load the unpatched native library, fail, and leave TorchSharp failed
/// for every later test in the process.
/// </summary>
public sealed class TorchLoaded
{
    /// <summary>Loads libtorch.</summary>
    public TorchLoaded() => TorchRuntime.EnsureInitialized();
}
