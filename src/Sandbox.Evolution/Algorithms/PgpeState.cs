using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="Pgpe"/> state.</summary>
[MessagePackObject]
public sealed class PgpeState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The centre.</summary>
    [Key(1)] public float[] Centre { get; set; } = [];
    /// <summary>σ per parameter.</summary>
    [Key(2)] public float[] Stdev { get; set; } = [];
    /// <summary>ClipUp velocity, or Adam's first moments.</summary>
    [Key(3)] public float[] Velocity { get; set; } = [];
    /// <summary>Adam's second moments (empty for ClipUp).</summary>
    [Key(4)] public float[] SecondMoments { get; set; } = [];
    /// <summary>Optimizer steps taken.</summary>
    [Key(5)] public int Steps { get; set; }
}
