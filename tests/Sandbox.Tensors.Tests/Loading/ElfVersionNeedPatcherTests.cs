using System.Buffers.Binary;
using System.Text;
using Sandbox.Tensors.Loading;

namespace Sandbox.Tensors.Tests.Loading;

public sealed class ElfVersionNeedPatcherTests
{
    /// <summary>A minimal ELF64 image: .dynstr and a .gnu.version_r needing two libstdc++ versions.</summary>
    private static byte[] SyntheticImage(ushort firstFlags = 0)
    {
        var strings = Encoding.ASCII.GetBytes("\0libstdc++.so.6\0GLIBCXX_3.4.32\0GLIBCXX_3.4.30\0");
        int fileName = 1, v32 = 16, v30 = 31;
        var image = new byte[1024];
        var s = image.AsSpan();
        s[0] = 0x7f; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F'; s[4] = 2; s[5] = 1; s[6] = 1;
        const int strOff = 256, needOff = 384, shOff = 512;
        strings.CopyTo(s[strOff..]);
        // Verneed
        BinaryPrimitives.WriteUInt16LittleEndian(s[needOff..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(s[(needOff + 2)..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(needOff + 4)..], (uint)fileName);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(needOff + 8)..], 16);
        // two Vernaux entries
        int aux = needOff + 16;
        BinaryPrimitives.WriteUInt16LittleEndian(s[(aux + 4)..], firstFlags);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux + 8)..], (uint)v32);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux + 12)..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(aux + 16 + 8)..], (uint)v30);
        // section headers: null, .dynstr, .gnu.version_r
        BinaryPrimitives.WriteUInt64LittleEndian(s[0x28..], shOff);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x3A..], 64);
        BinaryPrimitives.WriteUInt16LittleEndian(s[0x3C..], 3);
        WriteSection(s, shOff + 64, type: 3, offset: strOff, size: strings.Length, link: 0, info: 0);
        WriteSection(s, shOff + 128, type: 0x6ffffffe, offset: needOff, size: 48, link: 1, info: 1);
        return image;
    }

    private static void WriteSection(Span<byte> s, int at, uint type, long offset, long size, int link, int info)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 4)..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(s[(at + 0x18)..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(s[(at + 0x20)..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 0x28)..], (uint)link);
        BinaryPrimitives.WriteUInt32LittleEndian(s[(at + 0x2C)..], (uint)info);
    }

    [Fact]
    public void Marks_only_the_named_version_weak_and_is_idempotent()
    {
        var image = SyntheticImage();
        var before = (byte[])image.Clone();
        Assert.True(ElfVersionNeedPatcher.HasStrongNeed(image, "GLIBCXX_3.4.32"));
        Assert.Equal(ElfVersionNeedPatcher.Outcome.Patched, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"));
        Assert.False(ElfVersionNeedPatcher.HasStrongNeed(image, "GLIBCXX_3.4.32"));
        Assert.True(ElfVersionNeedPatcher.HasStrongNeed(image, "GLIBCXX_3.4.30"));
        int changed = 0;
        for (int i = 0; i < image.Length; i++)
        {
            changed += image[i] != before[i] ? 1 : 0;
        }
        Assert.Equal(1, changed); // one flags byte
        Assert.Equal(ElfVersionNeedPatcher.Outcome.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_3.4.32"));
        Assert.Equal(ElfVersionNeedPatcher.Outcome.NotRequired, ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_9.9"));
    }

    [Fact]
    public void Rejects_non_elf_and_truncated_images()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(new byte[100], "X"));
        var truncated = SyntheticImage()[..520];
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(truncated, "X"));
    }

    [Fact]
    public void The_loaded_torchsharp_library_has_no_strong_need_the_system_lacks()
    {
        TorchRuntime.EnsureInitialized();
        string? libstdcxx = LibStdCxxProbe.Locate();
        Assert.NotNull(libstdcxx);
        var candidates = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(candidates);
        bool systemHasIt = LibStdCxxProbe.Provides(libstdcxx, TorchRuntime.RequiredCxxVersion);
        foreach (var path in candidates)
        {
            Assert.True(systemHasIt || !ElfVersionNeedPatcher.HasStrongNeed(File.ReadAllBytes(path), TorchRuntime.RequiredCxxVersion),
                $"{path} still needs {TorchRuntime.RequiredCxxVersion} ({TorchRuntime.CompatibilityNote})");
        }
    }
}
