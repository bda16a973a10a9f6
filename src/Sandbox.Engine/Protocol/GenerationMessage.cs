using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → every worker at the start of a generation: its number and the context candidates share (the worker plans the same candidates itself).</summary>
[MessagePackObject]
public sealed class GenerationMessage : EngineMessage
{
    /// <summary>Generation number.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>Seeds of the shared context (episode seeds, minibatch step).</summary>
    [Key(1)] public long[] Seeds { get; set; } = [];
    /// <summary>The context's split (0 training, 1 validation).</summary>
    [Key(2)] public int Split { get; set; }
}
