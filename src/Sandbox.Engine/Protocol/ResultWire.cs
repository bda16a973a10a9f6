using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>One candidate's result on the wire: fitness, the task's metric values, and additive statistics when gathered.</summary>
[MessagePackObject]
public sealed class ResultWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Fitness.</summary>
    [Key(1)] public double Fitness { get; set; }
    /// <summary>Metric values in the task's order.</summary>
    [Key(2)] public double[] Metrics { get; set; } = [];
    /// <summary>Additive statistics (e.g. observation totals), or null.</summary>
    [Key(3)] public double[]? Statistics { get; set; }
}
