using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="GeneticAlgorithm"/> state.</summary>
[MessagePackObject]
public sealed class GaState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The parents (the truncated best of the last generation), best first.</summary>
    [Key(1)] public float[][] Parents { get; set; } = [];
}
