using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>A message between the engine and a worker process. The union tags are part of the protocol.</summary>
[Union(0, typeof(HelloMessage))]
[Union(1, typeof(ReadyMessage))]
[Union(2, typeof(RefusedMessage))]
[Union(3, typeof(GenerationMessage))]
[Union(4, typeof(EvaluateMessage))]
[Union(5, typeof(ResultsMessage))]
[Union(6, typeof(TellMessage))]
[Union(7, typeof(ShutdownMessage))]
[Union(8, typeof(FailureMessage))]
public abstract class EngineMessage
{
}
