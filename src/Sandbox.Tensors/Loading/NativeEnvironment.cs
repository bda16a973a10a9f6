using System.Runtime.InteropServices;

namespace Sandbox.Tensors.Loading;

/// <summary>
/// The C library's environment, which native libraries read with getenv: .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only the runtime's own copy on Unix.
/// </summary>
internal static partial class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> for native code in this process (and processes it starts natively).</summary>
    public static void Set(string name, string value)
    {
        if (SetEnv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>As <see cref="Set"/>, unless the process already has <paramref name="name"/> (the user's choice wins).</summary>
    public static void SetUnlessPresent(string name, string value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Set(name, value);
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
