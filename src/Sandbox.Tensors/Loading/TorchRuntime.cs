using System.Runtime.InteropServices;
using TorchSharp;

namespace Sandbox.Tensors.Loading;

/// <summary>
/// Loads libtorch once per process. On systems whose libstdc++ predates GLIBCXX_3.4.32 (Debian 12
/// has 3.4.30) it first marks that version need weak in the copy of <c>libLibTorchSharp.so</c> that
/// will be loaded: the only symbol behind it, <c>std::ios_base_library_init</c>, is referenced but
/// never called, so the library then loads and computes correctly. Threads are pinned to one per
/// process so results do not depend on libtorch's internal parallelism; parallelism is ours.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The symbol version TorchSharp 0.107's native library asks for.</summary>
    public const string RequiredCxxVersion = "GLIBCXX_3.4.32";

    /// <summary>The variable through which libtorch is asked to back its large CPU buffers with transparent huge pages.</summary>
    public const string HugePagesVariable = "THP_MEM_ALLOC_ENABLE";

    private const string NativeLibraryName = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;

    /// <summary>What the loader did about the libstdc++ version need, for diagnostics.</summary>
    public static string CompatibilityNote { get; private set; } = "not loaded";

    /// <summary>Loads libtorch (applying the compatibility fix when needed). Safe to call many times.</summary>
    /// <exception cref="TorchUnavailableException">libtorch cannot be loaded here.</exception>
    public static void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                CompatibilityNote = ApplyCxxCompatibility(AppContext.BaseDirectory);
                // torch.set_num_threads(1) below pins only the calling thread's OpenMP team size; every other thread
                // (thread-pool threads, Parallel.For shards) would start with one OpenMP thread per core, and a
                // product split across threads can round differently. The OpenMP runtime and MKL read these when
                // libtorch loads, which is next, so every thread computes alone and identically.
                NativeEnvironment.Set("OMP_NUM_THREADS", "1");
                NativeEnvironment.Set("MKL_NUM_THREADS", "1");
                // Runs that ask for more threads (supervised tracks): idle OpenMP threads sleep instead of spinning, or on
                // a busy machine a product waits for a descheduled spinner (measured 8x slower under load).
                NativeEnvironment.Set("OMP_WAIT_POLICY", "PASSIVE");
                // libtorch aligns its CPU buffers of 2 MB and more to 2 MB and asks the kernel for huge pages for them
                // (madvise) when this is 1; read once, at the first allocation. RSO and the other conv tracks allocate
                // tens of MB of activations per candidate batch, and on 4 KB pages the page faults of freshly mapped
                // buffers cost more than the batch norm they feed (measured: faults 12.0 M -> 1.9 M, system time
                // 21 -> 13 s per throughput run). A user's own setting is kept.
                NativeEnvironment.SetUnlessPresent(HugePagesVariable, "1");
            }
            try
            {
                torch.set_num_threads(1);
                torch.set_num_interop_threads(1);
            }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
            {
                throw new TorchUnavailableException(
                    $"libtorch could not be loaded from {AppContext.BaseDirectory} ({CompatibilityNote}); rebuild with './sandbox' or 'dotnet build' so TorchSharp-cpu's native files are copied next to the program", e);
            }
            HeapTrimmer.Start(TimeSpan.FromSeconds(2));
            _initialized = true;
        }
    }

    /// <summary>
    /// Makes the GLIBCXX_3.4.32 need of every <c>libLibTorchSharp.so</c> under <paramref name="baseDirectory"/> weak
    /// when the system's libstdc++ lacks that version. The file is replaced atomically (write, then rename), so a
    /// hard link into the NuGet cache is never modified and concurrent processes never see a half-written file.
    /// </summary>
    public static string ApplyCxxCompatibility(string baseDirectory)
    {
        string? libstdcxx = LibStdCxxProbe.Locate();
        if (libstdcxx is null)
        {
            return "libstdc++ not found; left libLibTorchSharp.so unchanged";
        }
        if (LibStdCxxProbe.Provides(libstdcxx, RequiredCxxVersion))
        {
            return $"{libstdcxx} provides {RequiredCxxVersion}; no fix needed";
        }
        var notes = new List<string>();
        foreach (string candidate in Candidates(baseDirectory))
        {
            byte[] image = File.ReadAllBytes(candidate);
            var outcome = ElfVersionNeedPatcher.MarkWeak(image, RequiredCxxVersion);
            if (outcome == ElfVersionNeedPatcher.Outcome.Patched)
            {
                string temp = $"{candidate}.{Environment.ProcessId}.tmp";
                File.WriteAllBytes(temp, image);
                File.Move(temp, candidate, overwrite: true);
            }
            notes.Add($"{Path.GetRelativePath(baseDirectory, candidate)}: {outcome}");
        }
        return notes.Count == 0
            ? $"no {NativeLibraryName} under {baseDirectory}"
            : $"{libstdcxx} lacks {RequiredCxxVersion}; weak need: {string.Join(", ", notes)}";
    }

    private static IEnumerable<string> Candidates(string baseDirectory)
    {
        string flat = Path.Combine(baseDirectory, NativeLibraryName);
        if (File.Exists(flat))
        {
            yield return flat;
        }
        string nested = Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", NativeLibraryName);
        if (File.Exists(nested))
        {
            yield return nested;
        }
    }
}
