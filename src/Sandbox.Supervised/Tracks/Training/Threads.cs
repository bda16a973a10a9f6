using Sandbox.Tensors.Loading;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>
/// libtorch's intra-op threads for a gradient run. The runtime pins one thread per thread for the evolution engine;
/// a gradient run is one sequential stream of large products, so it may use a fixed count — part of the config,
/// because a product split across a different number of threads may round differently. The setting is per
/// calling thread, so it is applied around each piece of work and the previous count restored: a thread-pool
/// thread must not carry two threads into an evolution evaluation that expects one.
/// </summary>
public static class Threads
{
    /// <summary>Uses <paramref name="count"/> intra-op threads on this thread until the scope is disposed.</summary>
    public static Scope Use(int count)
    {
        TorchRuntime.EnsureInitialized();
        int previous = get_num_threads();
        set_num_threads(count);
        return new Scope(previous);
    }

    /// <summary>Restores the previous thread count.</summary>
    public readonly struct Scope(int previous) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => set_num_threads(previous);
    }
}
