using Sandbox.Evolution.Tasks;

namespace Sandbox.Supervised.Models;

/// <summary>
/// A saved convolutional image classifier (network kind "conv" in the model file): the track that built it, its
/// architecture name, the image shape, and every parameter and statistic as named arrays, so the track's own
/// network code rebuilds it exactly. MLP models keep their own form (<see cref="ClassifierModel"/>).
/// </summary>
public sealed record ConvClassifierModel
{
    /// <summary>Dataset name (its normalisation and input shape).</summary>
    public required string Dataset { get; init; }

    /// <summary>The network family that reads <see cref="Tensors"/>, e.g. "rso".</summary>
    public required string Kind { get; init; }

    /// <summary>Architecture name within the kind, e.g. "depth10".</summary>
    public required string Architecture { get; init; }

    /// <summary>Input channels, height, width and the number of classes.</summary>
    public required int[] Shape { get; init; }

    /// <summary>Parameters and statistics by name (flat, row-major; the kind knows each shape).</summary>
    public required IReadOnlyDictionary<string, float[]> Tensors { get; init; }

    /// <summary>Where it came from.</summary>
    public required ArtifactProvenance Provenance { get; init; }

    /// <summary>Stored values.</summary>
    public long ParameterCount => Tensors.Values.Sum(t => (long)t.Length);
}
