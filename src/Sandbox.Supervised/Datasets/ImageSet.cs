namespace Sandbox.Supervised.Datasets;

/// <summary>
/// A read-only set of labelled images, normalised, channel-first: image i occupies
/// Pixels[i·SampleSize, (i+1)·SampleSize) as channels × height × width. Slices share the memory of their parent.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Creates a set over normalised pixels (count × channels × height × width) and labels (one per image).</summary>
    public ImageSet(string name, int channels, int height, int width, int classCount,
        ReadOnlyMemory<float> pixels, ReadOnlyMemory<byte> labels, ChannelNormalization normalization)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        ArgumentNullException.ThrowIfNull(normalization);
        if (normalization.Channels != channels)
        {
            throw new ArgumentException($"normalisation has {normalization.Channels} channels, images have {channels}");
        }
        int sampleSize = checked(channels * height * width);
        if ((long)labels.Length * sampleSize != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of {sampleSize}");
        }
        Name = name;
        Channels = channels;
        Height = height;
        Width = width;
        ClassCount = classCount;
        Pixels = pixels;
        Labels = labels;
        Normalization = normalization;
    }

    /// <summary>Normalises 8-bit channel-first pixels into a new set (the bytes are not kept).</summary>
    public static ImageSet FromBytes(string name, int channels, int height, int width, int classCount,
        ReadOnlySpan<byte> pixels, byte[] labels, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        var values = new float[pixels.Length];
        normalization.Apply(pixels, values, checked(height * width));
        return new ImageSet(name, channels, height, width, classCount, values, labels, normalization);
    }

    /// <summary>Dataset and split, e.g. "mnist/train".</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per image (1 for grey, 3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of classes; every label is below it.</summary>
    public int ClassCount { get; }

    /// <summary>Floats per image: channels × height × width.</summary>
    public int SampleSize => Channels * Height * Width;

    /// <summary>All images, normalised, channel-first, one after another.</summary>
    public ReadOnlyMemory<float> Pixels { get; }

    /// <summary>One class index per image.</summary>
    public ReadOnlyMemory<byte> Labels { get; }

    /// <summary>How the pixel bytes were turned into floats.</summary>
    public ChannelNormalization Normalization { get; }

    /// <summary>The normalised pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.Span.Slice(index * SampleSize, SampleSize);
    }

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => Labels.Span[index];

    /// <summary>Images [start, start + count) as a set of their own, sharing this set's memory.</summary>
    public ImageSet Slice(int start, int count, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        return new ImageSet(name ?? Name, Channels, Height, Width, ClassCount,
            Pixels.Slice(start * SampleSize, count * SampleSize), Labels.Slice(start, count), Normalization);
    }

    /// <summary>
    /// Copies the images and labels named by <paramref name="indices"/> into a minibatch, in that order:
    /// <paramref name="pixels"/> receives indices.Length × SampleSize floats, <paramref name="labels"/> one class
    /// index each (int64, as cross-entropy wants). Allocates nothing.
    /// </summary>
    public void Gather(ReadOnlySpan<int> indices, Span<float> pixels, Span<long> labels)
    {
        int sampleSize = SampleSize;
        if (pixels.Length < indices.Length * sampleSize || labels.Length < indices.Length)
        {
            throw new ArgumentException(
                $"a batch of {indices.Length} needs {indices.Length * sampleSize} pixels and {indices.Length} labels (got {pixels.Length} and {labels.Length})");
        }
        var source = Pixels.Span;
        var classes = Labels.Span;
        for (int b = 0; b < indices.Length; b++)
        {
            int i = indices[b];
            if ((uint)i >= (uint)classes.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} is outside [0, {classes.Length})");
            }
            source.Slice(i * sampleSize, sampleSize).CopyTo(pixels.Slice(b * sampleSize, sampleSize));
            labels[b] = classes[i];
        }
    }
}
