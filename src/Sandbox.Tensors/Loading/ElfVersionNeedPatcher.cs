using System.Buffers.Binary;
using System.Text;

namespace Sandbox.Tensors.Loading;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 little-endian shared object as weak
/// (<c>vna_flags |= VER_FLG_WEAK</c> in <c>.gnu.version_r</c>), so the dynamic loader accepts a
/// library whose declared need is missing from the system as long as nothing bound to it is called.
/// </summary>
public static class ElfVersionNeedPatcher
{
    /// <summary>The ELF flag that makes a version requirement non-fatal.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint SectionTypeVersionNeed = 0x6ffffffe; // SHT_GNU_verneed

    /// <summary>What <see cref="MarkWeak"/> found.</summary>
    public enum Outcome
    {
        /// <summary>The image does not require the version at all.</summary>
        NotRequired,
        /// <summary>The requirement was already weak; nothing changed.</summary>
        AlreadyWeak,
        /// <summary>The requirement was strong and is now weak.</summary>
        Patched,
    }

    /// <summary>Returns whether the image requires <paramref name="version"/> with a strong (non-weak) need.</summary>
    public static bool HasStrongNeed(ReadOnlySpan<byte> image, string version)
    {
        foreach (var aux in EnumerateNeeds(image.ToArray()))
        {
            if (aux.Name == version)
            {
                return (aux.Flags & VerFlagWeak) == 0;
            }
        }
        return false;
    }

    /// <summary>Marks every requirement of <paramref name="version"/> in <paramref name="image"/> as weak, in place.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian image.</exception>
    public static Outcome MarkWeak(byte[] image, string version)
    {
        var outcome = Outcome.NotRequired;
        foreach (var aux in EnumerateNeeds(image))
        {
            if (aux.Name != version)
            {
                continue;
            }
            if ((aux.Flags & VerFlagWeak) != 0)
            {
                if (outcome == Outcome.NotRequired)
                {
                    outcome = Outcome.AlreadyWeak;
                }
                continue;
            }
            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(aux.FlagsOffset, 2), (ushort)(aux.Flags | VerFlagWeak));
            outcome = Outcome.Patched;
        }
        return outcome;
    }

    private readonly record struct NeedAux(string Name, ushort Flags, int FlagsOffset);

    private static List<NeedAux> EnumerateNeeds(byte[] image)
    {
        var span = image.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF image");
        }
        if (span[4] != 2 || span[5] != 1)
        {
            throw new InvalidDataException("only ELF64 little-endian images are supported");
        }

        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        if (shentsize < 64 || shoff == 0 || (ulong)span.Length < shoff + (ulong)(shentsize * shnum))
        {
            throw new InvalidDataException("section header table lies outside the file");
        }

        var result = new List<NeedAux>();
        for (int s = 0; s < shnum; s++)
        {
            var sh = span.Slice(checked((int)shoff + s * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != SectionTypeVersionNeed)
            {
                continue;
            }
            long offset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]));
            long size = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]));
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]); // sh_info = number of Verneed entries
            var (strOffset, strSize) = SectionRange(span, shoff, shentsize, shnum, link);
            ReadVerneedChain(span, offset, size, count, strOffset, strSize, result);
        }
        return result;
    }

    private static (long Offset, long Size) SectionRange(ReadOnlySpan<byte> span, ulong shoff, int shentsize, int shnum, int index)
    {
        if (index <= 0 || index >= shnum)
        {
            throw new InvalidDataException("version-need section links to no string table");
        }
        var sh = span.Slice(checked((int)shoff + index * shentsize), shentsize);
        long offset = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]));
        long size = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]));
        if (offset < 0 || size < 0 || offset + size > span.Length)
        {
            throw new InvalidDataException("string table lies outside the file");
        }
        return (offset, size);
    }

    private static void ReadVerneedChain(ReadOnlySpan<byte> span, long start, long size, int count,
        long strOffset, long strSize, List<NeedAux> into)
    {
        if (start < 0 || size < 0 || start + size > span.Length)
        {
            throw new InvalidDataException("version-need section lies outside the file");
        }
        long need = start;
        for (int i = 0; i < count; i++)
        {
            Require(span, need, 16);
            int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(need + 2)..]);
            long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 8)..]);
            for (int a = 0; a < auxCount; a++)
            {
                Require(span, aux, 16);
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(aux + 4)..]);
                uint name = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                into.Add(new NeedAux(ReadString(span, strOffset, strSize, name), flags, (int)(aux + 4)));
                uint nextAux = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                if (nextAux == 0)
                {
                    break;
                }
                aux += nextAux;
            }
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 12)..]);
            if (next == 0)
            {
                break;
            }
            need += next;
        }
    }

    private static void Require(ReadOnlySpan<byte> span, long offset, int length)
    {
        if (offset < 0 || offset + length > span.Length)
        {
            throw new InvalidDataException("version-need entry lies outside the file");
        }
    }

    private static string ReadString(ReadOnlySpan<byte> span, long tableOffset, long tableSize, uint index)
    {
        if (index >= tableSize)
        {
            throw new InvalidDataException("symbol-version name lies outside its string table");
        }
        var rest = span.Slice((int)(tableOffset + index), (int)(tableSize - index));
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new InvalidDataException("unterminated symbol-version name");
        }
        return Encoding.ASCII.GetString(rest[..end]);
    }
}
