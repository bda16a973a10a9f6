namespace Sandbox.Policies.Files;

/// <summary>Masks in files: one bit per connection, least significant bit first within each byte.</summary>
public static class MaskBits
{
    /// <summary>Packs flags LSB-first into bytes.</summary>
    public static byte[] Pack(ReadOnlySpan<bool> flags)
    {
        var bytes = new byte[(flags.Length + 7) / 8];
        for (int i = 0; i < flags.Length; i++)
        {
            if (flags[i])
            {
                bytes[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return bytes;
    }

    /// <summary>The first <paramref name="count"/> flags of packed bytes.</summary>
    public static bool[] Unpack(ReadOnlySpan<byte> bytes, int count)
    {
        var flags = new bool[count];
        for (int i = 0; i < count; i++)
        {
            flags[i] = (bytes[i >> 3] & (1 << (i & 7))) != 0;
        }
        return flags;
    }
}
