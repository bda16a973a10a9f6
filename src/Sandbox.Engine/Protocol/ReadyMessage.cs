using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Worker → engine: accepted the hello and holds the state.</summary>
[MessagePackObject]
public sealed class ReadyMessage : EngineMessage
{
    /// <summary>The worker's protocol version.</summary>
    [Key(0)] public int ProtocolVersion { get; set; }
    /// <summary>The run token it accepted.</summary>
    [Key(1)] public string RunToken { get; set; } = "";
    /// <summary>The worker's process id.</summary>
    [Key(2)] public int ProcessId { get; set; }
}
