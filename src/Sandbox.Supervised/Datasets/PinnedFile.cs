using System.Security.Cryptography;

namespace Sandbox.Supervised.Datasets;

/// <summary>A file whose exact size and SHA-256 are known in advance, so a copy on disk can be trusted or refused.</summary>
/// <param name="Name">File name inside its directory.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
public readonly record struct PinnedFile(string Name, long Size, string Sha256)
{
    /// <summary>Whether <paramref name="bytes"/> are this file: right size and right hash.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) => bytes.Length == Size && HashOf(bytes) == Sha256;

    /// <summary>
    /// Reads the file from <paramref name="directory"/> and checks its size and hash; any mismatch is one
    /// <see cref="DatasetException"/> line that ends with <paramref name="remedy"/>.
    /// </summary>
    public byte[] ReadVerified(string directory, string remedy)
    {
        string path = Path.Combine(directory, Name);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DatasetException($"{path} is missing; {remedy}");
        }
        if (info.Length != Size)
        {
            string problem = info.Length < Size ? "truncated" : "too long";
            throw new DatasetException($"{path} is {problem}: {info.Length} bytes, expected {Size}; {remedy}");
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{path} cannot be read ({IdxReader.OneLine(e.Message)}); {remedy}", e);
        }
        string actual = HashOf(bytes);
        if (actual != Sha256)
        {
            throw new DatasetException($"{path} has the wrong SHA-256 ({actual[..16]}…, expected {Sha256[..16]}…): the file is damaged or not the published one; {remedy}");
        }
        return bytes;
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string HashOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
