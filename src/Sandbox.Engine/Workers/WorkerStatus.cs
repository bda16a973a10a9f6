namespace Sandbox.Engine.Workers;

/// <summary>A snapshot of one worker slot for live views and logs.</summary>
public readonly record struct WorkerStatus(int Index, int ProcessId, WorkerState State, int Batches, int Restarts);
