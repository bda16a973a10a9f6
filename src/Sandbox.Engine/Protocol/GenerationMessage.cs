using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → every worker at the start of a generation: its number and episode seeds (the worker plans the same candidates itself).</summary>
[MessagePackObject]
public sealed class GenerationMessage : EngineMessage
{
    /// <summary>Generation number.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>Episode seeds every candidate is evaluated on.</summary>
    [Key(1)] public long[] EpisodeSeeds { get; set; } = [];
}
