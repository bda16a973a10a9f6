using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>
/// Fills preallocated tensors with the minibatches of a <see cref="MinibatchSchedule"/> (a pure function of seed,
/// epoch and index; the incomplete last batch of an epoch is dropped), or with consecutive chunks of a set for
/// evaluation. Allocates nothing per batch.
/// </summary>
public sealed class MinibatchLoader : IDisposable
{
    private readonly ImageSet _set;
    private readonly MinibatchSchedule _schedule;
    private readonly int[] _indices;
    private readonly long[] _labels;

    /// <summary>A loader of <paramref name="batchSize"/> examples of <paramref name="set"/> in the order of <paramref name="seed"/>.</summary>
    public MinibatchLoader(ImageSet set, int batchSize, ulong seed)
    {
        _set = set;
        _schedule = new MinibatchSchedule(set.Count, batchSize, seed, dropLast: true);
        _indices = new int[batchSize];
        _labels = new long[batchSize];
        Images = zeros(batchSize, set.Channels, set.Height, set.Width);
        Labels = zeros(batchSize, dtype: ScalarType.Int64);
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => _schedule.BatchesPerEpoch;

    /// <summary>The current batch's images [batch, channels, height, width].</summary>
    public Tensor Images { get; }

    /// <summary>The current batch's labels [batch] (int64).</summary>
    public Tensor Labels { get; }

    /// <summary>Loads batch <paramref name="index"/> of <paramref name="epoch"/> into <see cref="Images"/> and <see cref="Labels"/>.</summary>
    public void Load(int epoch, int index)
    {
        int count = _schedule.Batch(epoch, index, _indices);
        _set.Gather(_indices.AsSpan(0, count), TensorCopy.Floats(Images), _labels);
        _labels.AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(Labels.bytes));
    }

    /// <summary>Feeds <paramref name="set"/> in consecutive chunks of up to <paramref name="chunk"/> to <paramref name="score"/> (images, labels, count).</summary>
    public static void Chunks(ImageSet set, int chunk, Action<Tensor, Tensor, int> score)
    {
        using var images = zeros(chunk, set.Channels, set.Height, set.Width);
        using var labels = zeros(chunk, dtype: ScalarType.Int64);
        var labelValues = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(labels.bytes);
        var pixels = TensorCopy.Floats(images);
        for (int start = 0; start < set.Count; start += chunk)
        {
            int n = Math.Min(chunk, set.Count - start);
            set.Pixels.Span.Slice(start * set.SampleSize, n * set.SampleSize).CopyTo(pixels);
            var source = set.Labels.Span.Slice(start, n);
            for (int i = 0; i < n; i++)
            {
                labelValues[i] = source[i];
            }
            if (n == chunk)
            {
                score(images, labels, n);
            }
            else
            {
                using var x = images.narrow(0, 0, n);
                using var y = labels.narrow(0, 0, n);
                score(x, y, n);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
