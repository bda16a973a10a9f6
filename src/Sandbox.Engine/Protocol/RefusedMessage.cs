using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Worker → engine: the hello was not acceptable (version, token, config); the worker exits.</summary>
[MessagePackObject]
public sealed class RefusedMessage : EngineMessage
{
    /// <summary>One line saying why.</summary>
    [Key(0)] public string Reason { get; set; } = "";
    /// <summary>The worker's protocol version.</summary>
    [Key(1)] public int ProtocolVersion { get; set; }
}
