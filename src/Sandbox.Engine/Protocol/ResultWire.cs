using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>One candidate's result on the wire.</summary>
[MessagePackObject]
public sealed class ResultWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Mean return (the fitness).</summary>
    [Key(1)] public double MeanReturn { get; set; }
    /// <summary>Per-episode returns.</summary>
    [Key(2)] public double[] Returns { get; set; } = [];
    /// <summary>Per-episode lengths.</summary>
    [Key(3)] public int[] Lengths { get; set; } = [];
    /// <summary>Episodes that terminated.</summary>
    [Key(4)] public int TerminatedEpisodes { get; set; }
    /// <summary>Environment steps.</summary>
    [Key(5)] public long EnvSteps { get; set; }
    /// <summary>Sparsity of the candidate's network.</summary>
    [Key(6)] public double Sparsity { get; set; }
    /// <summary>Observation count, when statistics were asked for.</summary>
    [Key(7)] public long ObservationCount { get; set; }
    /// <summary>Observation sums.</summary>
    [Key(8)] public double[]? ObservationSum { get; set; }
    /// <summary>Observation sums of squares.</summary>
    [Key(9)] public double[]? ObservationSumSquares { get; set; }
}
