namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Reads the binary version of CIFAR-10: each record is one label byte (0–9) followed by 3 072 pixel bytes, the
/// red, green and blue 32×32 planes in that order, row-major; a batch file holds a fixed number of records
/// (10 000 in the published files). Pixels come out channel-first, exactly as stored.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Channels per image.</summary>
    public const int Channels = 3;

    /// <summary>Image side in pixels.</summary>
    public const int Side = 32;

    /// <summary>Bytes per record: the label and the three planes.</summary>
    public const int RecordSize = 1 + Channels * Side * Side;

    /// <summary>Records in each published batch file.</summary>
    public const int RecordsPerFile = 10_000;

    /// <summary>
    /// Parses one batch file of exactly <paramref name="records"/> records into <paramref name="pixels"/>
    /// (records × 3 072 bytes) and <paramref name="labels"/> (records bytes).
    /// </summary>
    public static void ReadBatch(ReadOnlySpan<byte> file, string where, int records, Span<byte> pixels, Span<byte> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(records);
        if (pixels.Length != records * (RecordSize - 1) || labels.Length != records)
        {
            throw new ArgumentException($"buffers must hold {records} images and labels");
        }
        long expected = (long)records * RecordSize;
        if (file.Length != expected)
        {
            string problem = file.Length < expected ? "truncated" : "too long";
            string found = file.Length % RecordSize == 0 ? $"{file.Length / RecordSize} records" : $"{file.Length / RecordSize} records and {file.Length % RecordSize} stray bytes";
            throw new DatasetException($"{where}: {problem}: a CIFAR-10 batch holds {records} records of {RecordSize} bytes ({expected} bytes), this file has {file.Length} bytes ({found})");
        }
        const int imageBytes = RecordSize - 1;
        for (int r = 0; r < records; r++)
        {
            var record = file.Slice(r * RecordSize, RecordSize);
            if (record[0] >= 10)
            {
                throw new DatasetException($"{where}: record {r} has label {record[0]}, outside 0..9: not the binary version of CIFAR-10 (CIFAR-100's has two label bytes)");
            }
            labels[r] = record[0];
            record[1..].CopyTo(pixels.Slice(r * imageBytes, imageBytes));
        }
    }
}
