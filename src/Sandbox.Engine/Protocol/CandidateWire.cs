using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>A candidate descriptor on the wire: index, parent, noise key (the run seed is known to both ends) and scale.</summary>
[MessagePackObject]
public sealed class CandidateWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Base vector index (elite or centre), or −1.</summary>
    [Key(1)] public int Parent { get; set; }
    /// <summary>Noise stream.</summary>
    [Key(2)] public uint Stream { get; set; }
    /// <summary>Noise generation.</summary>
    [Key(3)] public uint NoiseGeneration { get; set; }
    /// <summary>Noise member.</summary>
    [Key(4)] public uint Member { get; set; }
    /// <summary>Noise scale (±σ, 1, or 0 for a clone).</summary>
    [Key(5)] public float Scale { get; set; }
}
