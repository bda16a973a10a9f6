using System.Runtime.InteropServices;

namespace Sandbox.Supervised.Datasets;

/// <summary>Whether this process may install system packages (effective user id 0 on Linux).</summary>
internal static partial class UnixUser
{
    /// <summary>True when running as root on Linux.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint geteuid();
}
