using System.Text;
using Sandbox.Tensors.Loading;

namespace Sandbox.Tensors.Tests.Loading;

public sealed class TorchRuntimeTests
{
    /// <summary>The value <paramref name="name"/> had when this process started (/proc/self/environ is not changed by setenv).</summary>
    private static string? StartupValue(string name)
    {
        string prefix = name + "=";
        foreach (string entry in Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/environ")).Split('\0'))
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                return entry[prefix.Length..];
            }
        }
        return null;
    }

    [Fact]
    public void Loading_asks_libtorch_for_huge_pages_unless_the_process_started_with_its_own_setting()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc/self/environ and the native environment are Linux's (issue 12)");
        string? atStartup = StartupValue(TorchRuntime.HugePagesVariable);

        TorchRuntime.EnsureInitialized();

        Assert.Equal(atStartup ?? "1", Environment.GetEnvironmentVariable(TorchRuntime.HugePagesVariable));
    }

    [Fact]
    public void The_heap_is_trimmed_only_when_more_than_the_limit_is_free_and_each_trim_is_counted()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "mallinfo2 and malloc_trim are glibc's (issue 12)");
        Assert.SkipWhen(HeapTrimmer.FreeBytes() is null, "the C library has no mallinfo2 (not glibc; issue 12)");
        long before = HeapTrimmer.Trims;

        bool belowLimit = HeapTrimmer.TrimIfAbove(long.MaxValue);
        bool aboveLimit = HeapTrimmer.TrimIfAbove(-1);

        Assert.False(belowLimit);
        Assert.True(aboveLimit);
        Assert.True(HeapTrimmer.Trims >= before + 1, $"trims went from {before} to {HeapTrimmer.Trims}");
        Assert.InRange(HeapTrimmer.Limit, 256L << 20, 4L << 30);
    }
}
