namespace Sandbox.Supervised.Datasets;

/// <summary>
/// The four pinned IDX files of an MNIST-shaped dataset and how to turn them into a <see cref="Dataset"/>:
/// verify size and hash, parse (raw or gzip), check the shape and the image/label counts, normalise.
/// </summary>
public sealed record IdxFileSet(PinnedFile TrainImages, PinnedFile TrainLabels, PinnedFile TestImages, PinnedFile TestLabels)
{
    /// <summary>The four files, training images first.</summary>
    public IReadOnlyList<PinnedFile> All => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Whether every file is in <paramref name="directory"/> with its expected size; also their total size.</summary>
    public (bool Complete, long Bytes) Presence(string directory)
    {
        bool complete = true;
        long bytes = 0;
        foreach (var file in All)
        {
            var info = new FileInfo(Path.Combine(directory, file.Name));
            if (info.Exists)
            {
                bytes += info.Length;
            }
            complete &= info.Exists && info.Length == file.Size;
        }
        return (complete, bytes);
    }

    /// <summary>
    /// Loads the dataset from <paramref name="directory"/>; every failure is one <see cref="DatasetException"/>
    /// line ending with <paramref name="remedy"/>.
    /// </summary>
    public Dataset Load(string name, string directory, DatasetShape shape, ChannelNormalization normalization, string remedy)
    {
        var train = LoadSplit($"{name}/train", directory, TrainImages, TrainLabels, shape.TrainCount, shape, normalization, remedy);
        var test = LoadSplit($"{name}/test", directory, TestImages, TestLabels, shape.TestCount, shape, normalization, remedy);
        return new Dataset(name, train, test);
    }

    private static ImageSet LoadSplit(string split, string directory, PinnedFile imagesFile, PinnedFile labelsFile, int count,
        DatasetShape shape, ChannelNormalization normalization, string remedy)
    {
        string imagesPath = Path.Combine(directory, imagesFile.Name);
        string labelsPath = Path.Combine(directory, labelsFile.Name);
        try
        {
            var images = IdxReader.ReadImages(imagesFile.ReadVerified(directory, remedy), imagesPath);
            var labels = IdxReader.ReadLabels(labelsFile.ReadVerified(directory, remedy), labelsPath, shape.ClassCount);
            int[] dims = images.Dimensions;
            if (dims[0] != count || dims[1] != shape.Height || dims[2] != shape.Width)
            {
                throw new DatasetException($"{imagesPath}: holds {dims[0]} images of {dims[1]}x{dims[2]}, expected {count} of {shape.Height}x{shape.Width}");
            }
            if (labels.Length != count)
            {
                throw new DatasetException($"{labelsPath}: holds {labels.Length} labels, expected {count} (one per image)");
            }
            return ImageSet.FromBytes(split, shape.Channels, shape.Height, shape.Width, shape.ClassCount, images.Data, labels, normalization);
        }
        catch (DatasetException e) when (!e.Message.EndsWith(remedy, StringComparison.Ordinal))
        {
            throw new DatasetException($"{e.Message}; {remedy}", e);
        }
    }
}
