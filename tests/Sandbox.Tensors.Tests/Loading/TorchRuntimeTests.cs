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
}
