using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → worker: evaluate this batch of candidates of the current generation.</summary>
[MessagePackObject]
public sealed class EvaluateMessage : EngineMessage
{
    /// <summary>Batch id, echoed in the results.</summary>
    [Key(0)] public long BatchId { get; set; }
    /// <summary>Generation the batch belongs to.</summary>
    [Key(1)] public int Generation { get; set; }
    /// <summary>The candidates.</summary>
    [Key(2)] public CandidateWire[] Candidates { get; set; } = [];
}
