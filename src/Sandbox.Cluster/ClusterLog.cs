using Microsoft.Extensions.Logging;

namespace Sandbox.Cluster;

/// <summary>The cluster's log messages (source-generated, with event ids).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "refused a client: {Reason}")]
    public static partial void ClientRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "worker {Key} refused a hello: {Reason}")]
    public static partial void HelloRefused(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "worker {Key}: replica of run {Token} ready at generation {Generation}")]
    public static partial void ReplicaReady(ILogger logger, string key, string token, int generation);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "worker {Key}: replica dropped: {Reason}")]
    public static partial void ReplicaDropped(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{Line}")]
    public static partial void Fault(ILogger logger, string line);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "refused a connection from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "silo {Name} joined: {Workers} workers at {Address}")]
    public static partial void SiloJoined(ILogger logger, string name, int workers, string address);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "silo {Name} left the run: {Reason}; its batches go back to the queue")]
    public static partial void SiloLost(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "no silo in the cluster can evaluate; waiting up to {Seconds} s for one to join (start one with ./sandbox silo --cluster ...)")]
    public static partial void Waiting(ILogger logger, double seconds);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "generation {Generation}: {Candidates} candidates in {Batches} batches on {Workers} cluster workers, {BytesSent} bytes sent, {BytesReceived} received, {StateBytes} of state")]
    public static partial void GenerationTraffic(ILogger logger, int generation, int candidates, int batches, int workers, long bytesSent, long bytesReceived, long stateBytes);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "worker {Key} refused the run: {Reason}")]
    public static partial void WorkerRefused(ILogger logger, string key, string reason);
}
