using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="Snes"/> state.</summary>
[MessagePackObject]
public sealed class SnesState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The centre μ.</summary>
    [Key(1)] public float[] Centre { get; set; } = [];
    /// <summary>σ per parameter.</summary>
    [Key(2)] public float[] Stdev { get; set; } = [];
}
