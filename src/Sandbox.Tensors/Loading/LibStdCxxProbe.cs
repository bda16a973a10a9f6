using System.Text;

namespace Sandbox.Tensors.Loading;

/// <summary>Finds the C++ runtime this process uses and tells whether it provides a symbol version.</summary>
public static class LibStdCxxProbe
{
    private static readonly string[] CandidateDirectories =
    [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
    ];

    /// <summary>The path of libstdc++.so.6 as mapped into this process, else the first standard location that has it.</summary>
    public static string? Locate()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("libstdc++.so", StringComparison.Ordinal))
                {
                    return line[slash..].Trim();
                }
            }
        }
        catch (IOException)
        {
            // No procfs: fall back to the usual directories.
        }
        catch (UnauthorizedAccessException)
        {
        }
        foreach (string dir in CandidateDirectories)
        {
            string path = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    /// <summary>Whether the library at <paramref name="path"/> defines <paramref name="version"/> (its name appears NUL-terminated).</summary>
    public static bool Provides(string path, string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        byte[] image = File.ReadAllBytes(path);
        return image.AsSpan().IndexOf(needle) >= 0;
    }
}
