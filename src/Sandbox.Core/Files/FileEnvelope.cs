using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Core.Text;

namespace Sandbox.Core.Files;

/// <summary>
/// The container every Sandbox file shares (policies, classifier models, checkpoints): an 8-byte magic
/// naming the kind, a format version, the payload length, the payload, and a SHA-256 of everything
/// before it. Opening checks each of these, so a truncated, corrupted or foreign file is one
/// <see cref="EnvelopeException"/> naming the file; writing is atomic (temporary file, then rename).
/// </summary>
public static class FileEnvelope
{
    /// <summary>Bytes before the payload: magic, version, length.</summary>
    public const int HeaderLength = 8 + 2 + 4;

    /// <summary>Bytes after the payload: the SHA-256.</summary>
    public const int DigestLength = 32;

    /// <summary>Wraps <paramref name="payload"/> as a file of <paramref name="kind"/>.</summary>
    public static byte[] Wrap(FileKind kind, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[HeaderLength + payload.Length + DigestLength];
        Encoding.ASCII.GetBytes(kind.Magic, bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), kind.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(10), (uint)payload.Length);
        payload.CopyTo(bytes.AsSpan(HeaderLength));
        SHA256.HashData(bytes.AsSpan(0, HeaderLength + payload.Length), bytes.AsSpan(HeaderLength + payload.Length));
        return bytes;
    }

    /// <summary>
    /// Checks <paramref name="bytes"/> as a file of <paramref name="kind"/> named <paramref name="name"/> and
    /// returns its payload.
    /// </summary>
    /// <exception cref="EnvelopeException">Not this kind (another known kind is named), wrong version, truncated or corrupted.</exception>
    public static ReadOnlySpan<byte> Unwrap(ReadOnlySpan<byte> bytes, FileKind kind, string name)
    {
        if (bytes.Length < 8 || !bytes[..8].SequenceEqual(Encoding.ASCII.GetBytes(kind.Magic)))
        {
            var other = bytes.Length >= 8 ? FileKind.FromMagic(bytes[..8]) : null;
            throw new EnvelopeException(other is null
                ? $"{Quoted.Value(name)} is not a Sandbox {kind.Description} (no {kind.Magic} header)"
                : $"{Quoted.Value(name)} is a Sandbox {other.Description}, not a {kind.Description}{other.Hint}", other);
        }
        if (bytes.Length < HeaderLength + DigestLength)
        {
            throw new EnvelopeException($"{kind.Description} {Quoted.Value(name)} is truncated ({bytes.Length} bytes)");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != kind.Version)
        {
            throw new EnvelopeException($"{kind.Description} {Quoted.Value(name)} has format version {version}; this program reads version {kind.Version}");
        }
        long payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        long expected = HeaderLength + payloadLength + DigestLength;
        if (bytes.Length != expected)
        {
            throw new EnvelopeException(bytes.Length < expected
                ? $"{kind.Description} {Quoted.Value(name)} is truncated ({bytes.Length} of {expected} bytes)"
                : $"{kind.Description} {Quoted.Value(name)} has {bytes.Length - expected} unexpected trailing bytes");
        }
        int body = HeaderLength + (int)payloadLength;
        Span<byte> digest = stackalloc byte[DigestLength];
        SHA256.HashData(bytes[..body], digest);
        if (!digest.SequenceEqual(bytes[body..]))
        {
            throw new EnvelopeException($"{kind.Description} {Quoted.Value(name)} is corrupted (checksum mismatch)");
        }
        return bytes[HeaderLength..body];
    }

    /// <summary>
    /// Reads a file of at most <paramref name="maxBytes"/>: only regular files (not FIFOs, devices or
    /// directories), with the size checked before reading.
    /// </summary>
    /// <exception cref="EnvelopeException">Missing, not a regular file, too large or unreadable.</exception>
    public static byte[] ReadFile(string path, FileKind kind, long maxBytes)
    {
        string shown = Quoted.Value(path);
        if (path.Length == 0)
        {
            throw new EnvelopeException($"no {kind.Description} given (empty path)");
        }
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                throw new EnvelopeException($"{kind.Description} {shown} is a directory");
            }
            if (!info.Exists)
            {
                throw new EnvelopeException($"{kind.Description} {shown} does not exist");
            }
            if (!RegularFiles.Is(path))
            {
                throw new EnvelopeException($"{kind.Description} {shown} is not a regular file");
            }
            if (info.Length > maxBytes)
            {
                throw new EnvelopeException($"{kind.Description} {shown} is {info.Length} bytes, more than any {kind.Description} can be ({maxBytes})");
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EnvelopeException($"{kind.Description} {shown} cannot be read: {Quoted.Message(e.Message)}", null, e);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically (temporary file in the same directory, then rename).</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        string temp = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

}
