using System.Globalization;

namespace Sandbox.Cli.Diagnostics;

/// <summary>
/// The process's peak resident memory (Linux VmHWM), resettable between runs of a benchmark (writing 5 to
/// /proc/self/clear_refs), so each run's peak is measured on its own. Null where the kernel does not offer it.
/// </summary>
public static class PeakMemory
{
    /// <summary>Starts a new peak at the current resident size; false when unsupported.</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since the last reset (or process start), or null.</summary>
    public static long? Bytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
