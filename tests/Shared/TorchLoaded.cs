using Sandbox.Tensors.Loading;

[assembly: AssemblyFixture(typeof(Sandbox.Tests.Shared.TorchLoaded))]

namespace Sandbox.Tests.Shared;

/// <summary>
/// Loads libtorch through <see cref="TorchRuntime"/> before any test of the assembly runs (linked into the test
/// projects that use TorchSharp directly). Every build links the unpatched native library back, and a test that
/// touched TorchSharp first, in random order, would load it, fail, and leave TorchSharp failed for every later test
/// in the process.
/// </summary>
public sealed class TorchLoaded
{
    /// <summary>Loads libtorch.</summary>
    public TorchLoaded() => TorchRuntime.EnsureInitialized();
}
