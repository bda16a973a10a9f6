using Sandbox.Tensors.Loading;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>
/// libtorch's intra-op threads for a gradient run on the calling thread. The runtime pins one thread per process for
/// the evolution engine; a gradient run is one sequential stream of large products, so it may use a fixed count —
/// part of the config, because a product split across a different number of threads may round differently.
/// </summary>
public static class Threads
{
    /// <summary>Loads libtorch and sets <paramref name="count"/> intra-op threads for this thread.</summary>
    public static void Use(int count)
    {
        TorchRuntime.EnsureInitialized();
        set_num_threads(count);
    }
}
