using MessagePack;

namespace Sandbox.Supervised.Tracks;

/// <summary>A trainer's state: named float arrays (weights, scores, momentum) and named scalars (step counters).</summary>
[MessagePackObject]
public sealed class TrainerState
{
    /// <summary>Arrays by name.</summary>
    [Key(0)] public Dictionary<string, float[]> Arrays { get; set; } = [];

    /// <summary>Scalars by name.</summary>
    [Key(1)] public Dictionary<string, double> Scalars { get; set; } = [];
}
