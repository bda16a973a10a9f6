using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Evolution.Tasks;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// A classifier whose parameters are one flat vector θ (the random-bases methods perturb and update θ as a whole):
/// its parameter blocks in θ's order (the layer-wise compartments), its initial θ from the initial-weights stream,
/// and logits of θ on a batch of images.
/// </summary>
public abstract class FlatNetwork
{
    /// <summary>Parameter blocks in θ's order (per layer: weights, then biases).</summary>
    public abstract IReadOnlyList<int> LayerSizes { get; }

    /// <summary>D, the length of θ.</summary>
    public int ParameterCount => LayerSizes.Sum();

    /// <summary>The network in words, with D.</summary>
    public abstract string Describe { get; }

    /// <summary>Writes the initial θ of run seed <paramref name="seed"/>.</summary>
    public abstract void Initialise(Span<float> theta, ulong seed);

    /// <summary>Logits [batch, classes] of flat parameters θ on images [batch, channels, height, width].</summary>
    public abstract Tensor Logits(Tensor theta, Tensor images);

    /// <summary>The trained classifier as a model file holds it, or null when the file format cannot express the network.</summary>
    public abstract ClassifierModel? ToModel(float[] theta, string dataset, ArtifactProvenance provenance);

    /// <summary>The trained classifier as a convolutional model file holds it, or null for networks the MLP form holds.</summary>
    public virtual ConvClassifierModel? ToConvModel(float[] theta, string dataset, ArtifactProvenance provenance) => null;

    /// <summary>
    /// The network <see cref="TrackConfig.Architecture"/> names for images shaped like <paramref name="set"/>:
    /// "fc" (inputs-128-classes) or "cnn" (the paper's CNN); <see cref="TrackConfig.Width"/> scales hidden widths.
    /// </summary>
    /// <exception cref="TrackConfigException">The images are too small for the CNN.</exception>
    public static FlatNetwork For(TrackConfig config, ImageSet set) => config.Architecture switch
    {
        RandomBasesTrack.CnnArchitecture => new RandomBasesCnn(set.Channels, set.Height, set.Width, set.ClassCount, config.Width),
        _ => new RandomBasesMlp(set.SampleSize, Math.Max(1, (int)Math.Round(128 * config.Width)), set.ClassCount),
    };
}
