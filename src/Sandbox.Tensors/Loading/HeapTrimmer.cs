using System.Runtime.InteropServices;

namespace Sandbox.Tensors.Loading;

/// <summary>
/// Bounds the memory the C heap keeps free. Under the launcher's heap policy (one arena, no per-block mappings, no
/// automatic trimming; README "Memory for large activations") freed activations stay in the heap for reuse, which is
/// the point, but allocations of changing sizes (RSO's per-layer caches, a fresh minibatch per weight) can leave
/// ever more of it free: one paper-preset RSO cycle reached 21 GB. Every few seconds, if more than
/// <see cref="Limit"/> bytes are free, <c>malloc_trim</c> gives their pages back; below that nothing happens, so the
/// blocks a step frees and re-allocates are kept.
/// </summary>
public static partial class HeapTrimmer
{
    private static readonly Lock Gate = new();
    private static Timer? _timer;
    private static long _trims;

    /// <summary>Free heap bytes kept before trimming: a quarter of the memory available to the process, at most 4 GB.</summary>
    public static long Limit { get; } = Math.Min(4L << 30, Math.Max(256L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4));

    /// <summary>Times the heap was trimmed in this process.</summary>
    public static long Trims => Interlocked.Read(ref _trims);

    /// <summary>Starts the periodic check (Linux with glibc only; safe to call many times).</summary>
    public static void Start(TimeSpan period)
    {
        lock (Gate)
        {
            if (_timer is not null || !OperatingSystem.IsLinux() || FreeBytes() is null)
            {
                return;
            }
            _timer = new Timer(_ => TrimIfAbove(Limit), null, period, period);
        }
    }

    /// <summary>Trims the heap when more than <paramref name="bytes"/> of it are free; returns whether it did.</summary>
    public static bool TrimIfAbove(long bytes)
    {
        if (FreeBytes() is not long free || free <= bytes)
        {
            return false;
        }
        MallocTrim(0);
        Interlocked.Increment(ref _trims);
        return true;
    }

    /// <summary>Free bytes inside the C library's arenas (glibc's mallinfo2 fordblks), or null without glibc.</summary>
    public static long? FreeBytes()
    {
        try
        {
            return (long)MallInfo2().Free;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint Arena, OrdinaryBlocks, SmallBlocks, MappedBlocks, MappedBytes, MaxTotal, FastBytes, Used, Free, Keep;
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo MallInfo2();

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
