using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → every worker after a generation: all results, so each replica applies the same update.</summary>
[MessagePackObject]
public sealed class TellMessage : EngineMessage
{
    /// <summary>The generation these results close.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>One entry per candidate, in index order.</summary>
    [Key(1)] public TellWire[] Results { get; set; } = [];
}
