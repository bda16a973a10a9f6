using MessagePack;

namespace Sandbox.Supervised.Models;

/// <summary>
/// The MessagePack payload of a classifier model file (format version 1). Field numbers are the format; fields 18–20
/// were added for network kind "conv" and are absent (null) in MLP files, so files written before them still read.
/// </summary>
[MessagePackObject]
public sealed class ClassifierFileModel
{
    /// <summary>Dataset name.</summary>
    [Key(0)] public string? Dataset { get; set; }
    /// <summary>Network kind: "mlp" or "conv".</summary>
    [Key(1)] public string? Network { get; set; }
    /// <summary>Layer widths: inputs, hidden..., classes.</summary>
    [Key(2)] public int[]? Sizes { get; set; }
    /// <summary>Whether layers have biases.</summary>
    [Key(3)] public bool Bias { get; set; }
    /// <summary>Hidden activation name.</summary>
    [Key(4)] public string? Activation { get; set; }
    /// <summary>"supermask" or "dense".</summary>
    [Key(5)] public string? Family { get; set; }
    /// <summary>Frozen weight distribution name (supermask).</summary>
    [Key(6)] public string? Init { get; set; }
    /// <summary>Frozen weight seed (supermask).</summary>
    [Key(7)] public ulong WeightSeed { get; set; }
    /// <summary>Mask bits, LSB first within each byte (supermask).</summary>
    [Key(8)] public byte[]? MaskBits { get; set; }
    /// <summary>Dense parameters.</summary>
    [Key(9)] public float[]? Parameters { get; set; }
    /// <summary>Resolved configuration (JSON).</summary>
    [Key(10)] public string? Config { get; set; }
    /// <summary>Algorithm or track name.</summary>
    [Key(11)] public string? Algorithm { get; set; }
    /// <summary>Run seed.</summary>
    [Key(12)] public ulong Seed { get; set; }
    /// <summary>Generation (or epoch).</summary>
    [Key(13)] public int Generation { get; set; }
    /// <summary>Training fitness.</summary>
    [Key(14)] public double Fitness { get; set; }
    /// <summary>Validation accuracy, or NaN.</summary>
    [Key(15)] public double Validation { get; set; } = double.NaN;
    /// <summary>Training samples used.</summary>
    [Key(16)] public long Samples { get; set; }
    /// <summary>Producer.</summary>
    [Key(17)] public string? Producer { get; set; }
    /// <summary>Conv: the network family that reads the tensors (e.g. "rso").</summary>
    [Key(18)] public string? ConvKind { get; set; }
    /// <summary>Conv: the architecture name within the family (e.g. "depth10").</summary>
    [Key(19)] public string? ConvArchitecture { get; set; }
    /// <summary>Conv: parameters and statistics by name; <see cref="Sizes"/> holds channels, height, width, classes.</summary>
    [Key(20)] public Dictionary<string, float[]>? Tensors { get; set; }
}
