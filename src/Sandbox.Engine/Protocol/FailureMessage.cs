using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Worker → engine: something went wrong (desynchronised state, bad message); the worker exits after sending it.</summary>
[MessagePackObject]
public sealed class FailureMessage : EngineMessage
{
    /// <summary>One line saying what.</summary>
    [Key(0)] public string Reason { get; set; } = "";
}
