using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>What a replica's update needs of one candidate's result: scalars only (plus observation totals when normalising).</summary>
[MessagePackObject]
public sealed class TellWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Fitness.</summary>
    [Key(1)] public double MeanReturn { get; set; }
    /// <summary>Sparsity.</summary>
    [Key(2)] public double Sparsity { get; set; }
    /// <summary>Observation count.</summary>
    [Key(3)] public long ObservationCount { get; set; }
    /// <summary>Observation sums.</summary>
    [Key(4)] public double[]? ObservationSum { get; set; }
    /// <summary>Observation sums of squares.</summary>
    [Key(5)] public double[]? ObservationSumSquares { get; set; }
}
