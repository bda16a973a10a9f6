namespace Sandbox.Engine.Workers;

/// <summary>
/// A snapshot of one worker slot for live views and logs. <paramref name="Silo"/> names the cluster silo the worker
/// runs on (its <c>--name</c>); null for a local worker process.
/// </summary>
public readonly record struct WorkerStatus(int Index, int ProcessId, WorkerState State, int Batches, int Restarts, string? Silo = null);
