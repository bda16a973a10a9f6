using Microsoft.Extensions.Logging;

namespace Sandbox.Engine.Hosting;

/// <summary>The engine's log messages (source-generated, with event ids).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "worker {Index} started: pid {ProcessId}")]
    public static partial void WorkerStarted(ILogger logger, int index, int processId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "worker {Index} replaced (restart {Restarts}): {Reason}")]
    public static partial void WorkerReplaced(ILogger logger, int index, int restarts, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "worker {Index} (pid {ProcessId}): {Line}")]
    public static partial void WorkerOutput(ILogger logger, int index, int processId, string line);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "generation {Generation}: {Candidates} candidates in {Batches} batches on {Workers} workers, {BytesSent} bytes sent, {BytesReceived} received")]
    public static partial void GenerationTraffic(ILogger logger, int generation, int candidates, int batches, int workers, long bytesSent, long bytesReceived);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "run {RunDirectory}: {Algorithm} on {Env}, {Workers} workers")]
    public static partial void RunStarting(ILogger logger, string runDirectory, string algorithm, string env, int workers);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "run finished after {Generations} generations: solved {Solved}, validation {Validation}")]
    public static partial void RunFinished(ILogger logger, int generations, bool solved, double validation);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "stopping: finishing at the last generation boundary and writing the checkpoint")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "stopping the run: {Reason}")]
    public static partial void EvaluationFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "worker {Index} refused the engine: {Reason}")]
    public static partial void WorkerRefused(ILogger logger, int index, string reason);
}
