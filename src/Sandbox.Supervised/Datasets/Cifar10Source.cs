namespace Sandbox.Supervised.Datasets;

/// <summary>
/// CIFAR-10 (Krizhevsky, 2009), binary version, from a directory the user names (it cannot be downloaded here):
/// data_batch_1.bin … data_batch_5.bin (training, in that order) and test_batch.bin, either directly in the
/// directory or in its cifar-10-batches-bin/ folder as the published archive unpacks. Files are checked for size
/// and label range; no hashes are pinned because the files were never fetched here to pin them.
/// </summary>
public sealed class Cifar10Source : IDatasetSource
{
    /// <summary>Training batch files, in order.</summary>
    public static IReadOnlyList<string> TrainFiles { get; } = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The test batch file.</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The folder the published archive unpacks into.</summary>
    public const string ArchiveFolder = "cifar-10-batches-bin";

    private readonly int _recordsPerFile;

    /// <summary>The published layout: 10 000 records per file.</summary>
    public Cifar10Source() : this(Cifar10Reader.RecordsPerFile)
    {
    }

    /// <summary>A smaller layout, for tests that generate their own batch files.</summary>
    internal Cifar10Source(int recordsPerFile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerFile);
        _recordsPerFile = recordsPerFile;
        Shape = new DatasetShape(TrainFiles.Count * recordsPerFile, recordsPerFile, Cifar10Reader.Channels, Cifar10Reader.Side, Cifar10Reader.Side, 10);
    }

    /// <inheritdoc/>
    public string Name => "cifar10";

    /// <inheritdoc/>
    public string Origin => $"binary version in a directory you name (${DatasetOptions.Cifar10Variable})";

    /// <inheritdoc/>
    public DatasetShape Shape { get; }

    private static string Hint => $"set {DatasetOptions.Cifar10Variable} to a directory holding the binary version of CIFAR-10 " +
        $"({string.Join(", ", TrainFiles)}, {TestFile}, or their {ArchiveFolder}/ folder)";

    /// <summary>The directory the batch files are read from: the configured one, or its cifar-10-batches-bin/ when they are there.</summary>
    public static string? Directory(DatasetOptions options)
    {
        if (options.Cifar10Directory is not { } root)
        {
            return null;
        }
        string nested = Path.Combine(root, ArchiveFolder);
        return !File.Exists(Path.Combine(root, TestFile)) && File.Exists(Path.Combine(nested, TestFile)) ? nested : root;
    }

    /// <inheritdoc/>
    public DatasetStatus Status(DatasetOptions options)
    {
        string? directory = Directory(options);
        if (directory is null)
        {
            return new DatasetStatus(Name, Origin, null, Shape, false, 0, $"no directory: {Hint}");
        }
        long expected = (long)_recordsPerFile * Cifar10Reader.RecordSize;
        long bytes = 0;
        var problems = new List<string>();
        foreach (string file in AllFiles())
        {
            var info = new FileInfo(Path.Combine(directory, file));
            if (!info.Exists)
            {
                problems.Add($"{file} missing");
                continue;
            }
            bytes += info.Length;
            if (info.Length != expected)
            {
                problems.Add($"{file} has {info.Length} bytes, not {expected}");
            }
        }
        return new DatasetStatus(Name, Origin, directory, Shape, problems.Count == 0, bytes,
            problems.Count == 0 ? "" : $"{string.Join(", ", problems)} in {directory}");
    }

    /// <inheritdoc/>
    public void Fetch(DatasetOptions options)
    {
        var status = Status(options);
        if (!status.Available)
        {
            throw new DatasetException($"CIFAR-10 is not available ({status.Detail}); it cannot be downloaded here: {Hint}");
        }
    }

    /// <inheritdoc/>
    public Dataset Load(DatasetOptions options)
    {
        string directory = Directory(options) ?? throw new DatasetException($"CIFAR-10 has no directory: {Hint}");
        var train = ReadSplit($"{Name}/train", directory, TrainFiles);
        var test = ReadSplit($"{Name}/test", directory, [TestFile]);
        return new Dataset(Name, train, test);
    }

    private ImageSet ReadSplit(string split, string directory, IReadOnlyList<string> files)
    {
        const int imageBytes = Cifar10Reader.RecordSize - 1;
        int records = _recordsPerFile;
        var pixels = new byte[(long)files.Count * records * imageBytes];
        var labels = new byte[files.Count * records];
        for (int f = 0; f < files.Count; f++)
        {
            string path = Path.Combine(directory, files[f]);
            if (!File.Exists(path))
            {
                throw new DatasetException($"{path} is missing: {Hint}");
            }
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DatasetException($"{path} cannot be read ({IdxReader.OneLine(e.Message)}): {Hint}", e);
            }
            try
            {
                Cifar10Reader.ReadBatch(bytes, path, records, pixels.AsSpan(f * records * imageBytes, records * imageBytes), labels.AsSpan(f * records, records));
            }
            catch (DatasetException e)
            {
                throw new DatasetException($"{e.Message}; use the intact binary version of CIFAR-10 (cifar-10-binary.tar.gz)", e);
            }
        }
        return ImageSet.FromBytes(split, Cifar10Reader.Channels, Cifar10Reader.Side, Cifar10Reader.Side, 10, pixels, labels, ChannelNormalization.Cifar10);
    }

    private static IEnumerable<string> AllFiles() => [.. TrainFiles, TestFile];
}
