namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Per-channel standardisation of 8-bit pixels: x = (byte / 255 − mean[c]) / std[c], with each dataset's
/// customary training-set statistics, so inputs are roughly zero-mean and unit-variance.
/// </summary>
public sealed class ChannelNormalization
{
    /// <summary>MNIST: mean 0.1307, std 0.3081.</summary>
    public static ChannelNormalization Mnist { get; } = new([0.1307f], [0.3081f]);

    /// <summary>Fashion-MNIST: mean 0.2860, std 0.3530.</summary>
    public static ChannelNormalization FashionMnist { get; } = new([0.2860f], [0.3530f]);

    /// <summary>CIFAR-10, red/green/blue: means (0.4914, 0.4822, 0.4465), stds (0.2470, 0.2435, 0.2616).</summary>
    public static ChannelNormalization Cifar10 { get; } = new([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);

    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Creates a normalisation with one mean and one positive standard deviation per channel.</summary>
    public ChannelNormalization(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            throw new ArgumentException("mean and std need one entry per channel");
        }
        foreach (float s in std)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentOutOfRangeException(nameof(std), "every std must be positive and finite");
            }
        }
        _mean = (float[])mean.Clone();
        _std = (float[])std.Clone();
    }

    /// <summary>Number of channels.</summary>
    public int Channels => _mean.Length;

    /// <summary>Mean of channel <paramref name="channel"/> on the [0, 1] pixel scale.</summary>
    public float Mean(int channel) => _mean[channel];

    /// <summary>Standard deviation of channel <paramref name="channel"/> on the [0, 1] pixel scale.</summary>
    public float Std(int channel) => _std[channel];

    /// <summary>The normalised value of pixel byte <paramref name="value"/> in <paramref name="channel"/>.</summary>
    public float Apply(int channel, byte value) => (value / 255f - _mean[channel]) / _std[channel];

    /// <summary>
    /// Normalises channel-first pixels (count × channels × plane): every byte goes through a 256-entry table
    /// per channel, so the result is exactly <see cref="Apply(int, byte)"/> for each pixel.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> pixels, Span<float> destination, int planeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(planeSize);
        int sampleSize = planeSize * Channels;
        if (pixels.Length % sampleSize != 0 || destination.Length < pixels.Length)
        {
            throw new ArgumentException($"pixels ({pixels.Length}) must be whole samples of {sampleSize} and fit the destination ({destination.Length})");
        }
        Span<float> table = stackalloc float[256 * Channels];
        for (int c = 0; c < Channels; c++)
        {
            for (int b = 0; b < 256; b++)
            {
                table[c * 256 + b] = Apply(c, (byte)b);
            }
        }
        for (int offset = 0; offset < pixels.Length; offset += planeSize)
        {
            int channel = offset / planeSize % Channels;
            var lookup = table.Slice(channel * 256, 256);
            var source = pixels.Slice(offset, planeSize);
            var target = destination.Slice(offset, planeSize);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = lookup[source[i]];
            }
        }
    }
}
