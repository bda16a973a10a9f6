using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Worker → engine: the results of one batch and where the worker's time went.</summary>
[MessagePackObject]
public sealed class ResultsMessage : EngineMessage
{
    /// <summary>The batch answered.</summary>
    [Key(0)] public long BatchId { get; set; }
    /// <summary>Results in the batch's candidate order.</summary>
    [Key(1)] public ResultWire[] Results { get; set; } = [];
    /// <summary>Seconds in the task's own work (environment steps, forwards).</summary>
    [Key(2)] public double BusySeconds { get; set; }
    /// <summary>Seconds of the whole batch.</summary>
    [Key(3)] public double TotalSeconds { get; set; }
}
