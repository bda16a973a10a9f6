using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>What a replica's update needs of one candidate's result: its fitness (and statistics for the task's state).</summary>
[MessagePackObject]
public sealed class TellWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Fitness.</summary>
    [Key(1)] public double Fitness { get; set; }
    /// <summary>Additive statistics, or null.</summary>
    [Key(2)] public double[]? Statistics { get; set; }
}
