using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="SupermaskEvolution"/> state.</summary>
[MessagePackObject]
public sealed class SupermaskState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>Elite score vectors, best first.</summary>
    [Key(1)] public float[][] Elites { get; set; } = [];
}
