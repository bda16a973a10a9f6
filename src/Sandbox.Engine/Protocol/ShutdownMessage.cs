using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → worker: exit now.</summary>
[MessagePackObject]
public sealed class ShutdownMessage : EngineMessage
{
}
