using MessagePack;

namespace Sandbox.Policies.Files;

/// <summary>The MessagePack payload of a policy file (format version 1). Field numbers are the format.</summary>
[MessagePackObject]
public sealed class PolicyFileModel
{
    /// <summary>Environment id.</summary>
    [Key(0)] public string? EnvId { get; set; }
    /// <summary>"supermask" or "dense".</summary>
    [Key(1)] public string? Family { get; set; }
    /// <summary>Layer widths: inputs, hidden..., outputs.</summary>
    [Key(2)] public int[]? Sizes { get; set; }
    /// <summary>Whether layers have biases.</summary>
    [Key(3)] public bool Bias { get; set; }
    /// <summary>Frozen weight distribution name (supermask).</summary>
    [Key(4)] public string? Init { get; set; }
    /// <summary>Frozen weight seed (supermask).</summary>
    [Key(5)] public ulong WeightSeed { get; set; }
    /// <summary>Mask bits, LSB first within each byte (supermask).</summary>
    [Key(6)] public byte[]? MaskBits { get; set; }
    /// <summary>Dense parameters.</summary>
    [Key(7)] public float[]? Parameters { get; set; }
    /// <summary>Observation mean, if normalised.</summary>
    [Key(8)] public float[]? ObservationMean { get; set; }
    /// <summary>Observation standard deviation, if normalised.</summary>
    [Key(9)] public float[]? ObservationStd { get; set; }
    /// <summary>Resolved run configuration (JSON).</summary>
    [Key(10)] public string? Config { get; set; }
    /// <summary>Algorithm name.</summary>
    [Key(11)] public string? Algorithm { get; set; }
    /// <summary>Run seed.</summary>
    [Key(12)] public ulong Seed { get; set; }
    /// <summary>Generation.</summary>
    [Key(13)] public int Generation { get; set; }
    /// <summary>Training fitness.</summary>
    [Key(14)] public double Fitness { get; set; }
    /// <summary>Validation mean return, or NaN when not measured.</summary>
    [Key(15)] public double ValidationReturn { get; set; } = double.NaN;
    /// <summary>Environment steps used.</summary>
    [Key(16)] public long EnvSteps { get; set; }
    /// <summary>Physics provenance.</summary>
    [Key(17)] public string? Physics { get; set; }
    /// <summary>Producer.</summary>
    [Key(18)] public string? Producer { get; set; }
    /// <summary>"discrete" or "continuous".</summary>
    [Key(19)] public string? Actions { get; set; }
}
