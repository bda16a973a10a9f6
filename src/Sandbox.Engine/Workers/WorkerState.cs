namespace Sandbox.Engine.Workers;

/// <summary>What a worker slot is doing.</summary>
public enum WorkerState
{
    /// <summary>Process starting, hello not yet answered.</summary>
    Starting,
    /// <summary>Waiting for work.</summary>
    Idle,
    /// <summary>Evaluating a batch.</summary>
    Busy,
    /// <summary>Replaced after a crash, hang or protocol error (a new process runs in the slot).</summary>
    Restarted,
    /// <summary>Stopped.</summary>
    Stopped,
}
