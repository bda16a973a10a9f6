using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>
/// A candidate descriptor on the wire: index, parent, the slice, its noise terms as parallel arrays (stream,
/// generation, member, scale, distribution, shape; the run seed is known to both ends) and its sparse changes.
/// A few dozen bytes whatever the parameter count.
/// </summary>
[MessagePackObject]
public sealed class CandidateWire
{
    /// <summary>Candidate index.</summary>
    [Key(0)] public int Index { get; set; }
    /// <summary>Base vector index, or −1.</summary>
    [Key(1)] public int Parent { get; set; }
    /// <summary>Noise streams.</summary>
    [Key(2)] public uint[] Streams { get; set; } = [];
    /// <summary>Noise generations.</summary>
    [Key(3)] public uint[] NoiseGenerations { get; set; } = [];
    /// <summary>Noise members.</summary>
    [Key(4)] public uint[] Members { get; set; } = [];
    /// <summary>Noise scales.</summary>
    [Key(5)] public float[] Scales { get; set; } = [];
    /// <summary>Noise distributions.</summary>
    [Key(6)] public byte[] Distributions { get; set; } = [];
    /// <summary>First parameter the noise touches.</summary>
    [Key(7)] public int SliceStart { get; set; }
    /// <summary>Parameters the noise touches (−1: to the end).</summary>
    [Key(8)] public int SliceLength { get; set; } = -1;
    /// <summary>Indices of single-parameter changes.</summary>
    [Key(9)] public int[] SparseIndices { get; set; } = [];
    /// <summary>Their deltas.</summary>
    [Key(10)] public float[] SparseDeltas { get; set; } = [];
    /// <summary>Each noise term's shape (a base index, −1 for none); empty when no term is shaped (protocol 3).</summary>
    [Key(11)] public int[] Shapes { get; set; } = [];
}
