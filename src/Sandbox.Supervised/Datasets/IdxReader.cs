using System.Buffers.Binary;
using System.IO.Compression;

namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Reads IDX files of unsigned bytes (LeCun's MNIST format), raw or gzip-compressed (recognised by the gzip magic
/// 1F 8B), from bytes already in memory. The header is a big-endian magic 0x000008NN (NN = number of dimensions)
/// followed by NN big-endian sizes; the data must be exactly their product in bytes. Every deviation is one
/// <see cref="DatasetException"/> line naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic of a one-dimensional file of unsigned bytes (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Magic of a three-dimensional file of unsigned bytes (images: count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    // Arrays in .NET hold at most this many bytes; larger headers are corrupt for our purposes anyway.
    private const long MaxDataBytes = 0x7FFFFFC7;

    /// <summary>Whether <paramref name="file"/> starts with the gzip magic.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> file) => file.Length >= 2 && file[0] == 0x1F && file[1] == 0x8B;

    /// <summary>Parses an image file: magic 0x00000803, dimensions (count, rows, columns), all positive.</summary>
    public static IdxArray ReadImages(byte[] file, string where)
    {
        var array = Read(file, where, ImagesMagic);
        if (array.Dimensions[0] <= 0 || array.Dimensions[1] <= 0 || array.Dimensions[2] <= 0)
        {
            throw new DatasetException($"{where}: image dimensions {string.Join('x', array.Dimensions)} must all be positive");
        }
        return array;
    }

    /// <summary>Parses a label file: magic 0x00000801, at least one label, every label below <paramref name="classCount"/>.</summary>
    public static byte[] ReadLabels(byte[] file, string where, int classCount)
    {
        var array = Read(file, where, LabelsMagic);
        var labels = array.Data;
        if (labels.Length == 0)
        {
            throw new DatasetException($"{where}: holds no labels");
        }
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new DatasetException($"{where}: label {labels[i]} at index {i} is outside 0..{classCount - 1}");
            }
        }
        return labels;
    }

    /// <summary>Parses an IDX file whose magic must be <paramref name="expectedMagic"/>.</summary>
    public static IdxArray Read(byte[] file, string where, int expectedMagic)
    {
        ArgumentNullException.ThrowIfNull(file);
        bool gzip = IsGzip(file);
        using Stream stream = gzip
            ? new GZipStream(new MemoryStream(file, writable: false), CompressionMode.Decompress)
            : new MemoryStream(file, writable: false);
        try
        {
            return Parse(stream, where, expectedMagic, gzip ? null : file.Length);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{where}: corrupt gzip data ({OneLine(e.Message)})", e);
        }
    }

    private static IdxArray Parse(Stream stream, string where, int expectedMagic, long? rawLength)
    {
        Span<byte> word = stackalloc byte[4];
        if (ReadFully(stream, word) < 4)
        {
            throw new DatasetException($"{where}: truncated: shorter than the 4-byte IDX header");
        }
        int magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
        {
            string what = expectedMagic == ImagesMagic ? "an IDX image file" : expectedMagic == LabelsMagic ? "an IDX label file" : "the expected IDX file";
            throw new DatasetException($"{where}: wrong magic 0x{magic:X8}, expected 0x{expectedMagic:X8} ({what})");
        }
        int rank = expectedMagic & 0xFF;
        var dims = new int[rank];
        long size = 1;
        for (int d = 0; d < rank; d++)
        {
            if (ReadFully(stream, word) < 4)
            {
                throw new DatasetException($"{where}: truncated inside the IDX header ({rank} dimensions expected)");
            }
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (dims[d] < 0)
            {
                throw new DatasetException($"{where}: dimension {d} is negative ({dims[d]})");
            }
            size *= dims[d];
            if (size > MaxDataBytes)
            {
                throw new DatasetException($"{where}: header describes more than {MaxDataBytes} bytes of data ({string.Join('x', dims[..(d + 1)])}...)");
            }
        }
        long headerBytes = 4 + 4L * rank;
        if (rawLength is long length && length != headerBytes + size)
        {
            string problem = length < headerBytes + size ? "truncated" : "too long";
            throw new DatasetException($"{where}: {problem}: its header ({string.Join('x', dims)}) needs {headerBytes + size} bytes, the file has {length}");
        }
        var data = new byte[size];
        int got = ReadFully(stream, data);
        if (got < size)
        {
            throw new DatasetException($"{where}: truncated: its header ({string.Join('x', dims)}) needs {size} data bytes, the file holds {got}");
        }
        if (stream.ReadByte() >= 0)
        {
            throw new DatasetException($"{where}: too long: more data than its header ({string.Join('x', dims)}) describes");
        }
        return new IdxArray(dims, data);
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    internal static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
