using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>Engine → worker, once: who we are, the run configuration and the algorithm and task state to start from.</summary>
[MessagePackObject]
public sealed class HelloMessage : EngineMessage
{
    /// <summary>The engine's protocol version.</summary>
    [Key(0)] public int ProtocolVersion { get; set; }
    /// <summary>Token of this run; a worker started for another run refuses.</summary>
    [Key(1)] public string RunToken { get; set; } = "";
    /// <summary>Resolved run configuration (JSON).</summary>
    [Key(2)] public string ConfigJson { get; set; } = "";
    /// <summary>Algorithm state at the current generation boundary.</summary>
    [Key(3)] public byte[] AlgorithmState { get; set; } = [];
    /// <summary>The worker's slot in the pool (for logs).</summary>
    [Key(4)] public int WorkerIndex { get; set; }
    /// <summary>Task state at the current generation boundary (e.g. observation statistics).</summary>
    [Key(5)] public byte[] TaskState { get; set; } = [];
}
