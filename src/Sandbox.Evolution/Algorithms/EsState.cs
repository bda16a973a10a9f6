using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="OpenAiEs"/> state.</summary>
[MessagePackObject]
public sealed class EsState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The centre.</summary>
    [Key(1)] public float[] Centre { get; set; } = [];
    /// <summary>Adam first moments.</summary>
    [Key(2)] public float[] M { get; set; } = [];
    /// <summary>Adam second moments.</summary>
    [Key(3)] public float[] V { get; set; } = [];
    /// <summary>Adam steps taken.</summary>
    [Key(4)] public int AdamSteps { get; set; }
    /// <summary>Observation count (normalisation).</summary>
    [Key(5)] public long ObservationCount { get; set; }
    /// <summary>Observation sums.</summary>
    [Key(6)] public double[]? ObservationSum { get; set; }
    /// <summary>Observation sums of squares.</summary>
    [Key(7)] public double[]? ObservationSumSquares { get; set; }
}
