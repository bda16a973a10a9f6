using System.Runtime.InteropServices;

namespace Sandbox.Core.Files;

/// <summary>
/// Whether a path is a regular file, asked of the kernel: .NET reports FIFOs and devices as ordinary
/// zero-length files, and reading one blocks forever (a FIFO) or never ends (/dev/zero).
/// </summary>
public static partial class RegularFiles
{
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint Regular = 0x8000;  // S_IFREG

    /// <summary>True when <paramref name="path"/> (after symbolic links) exists and is a regular file.</summary>
    public static bool Is(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return File.Exists(path); // the stat layout below is x86-64 Linux's; elsewhere fall back
        }
        Span<byte> buffer = stackalloc byte[256]; // struct stat is 144 bytes on x86-64 Linux
        if (Stat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return false;
        }
        uint mode = MemoryMarshal.Read<uint>(buffer[24..]); // st_mode follows st_dev, st_ino and st_nlink
        return (mode & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref byte buffer);
}
