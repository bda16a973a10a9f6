namespace Sandbox.Engine.Workers;

/// <summary>A worker crashed, hung, or broke the protocol; its slot is refilled.</summary>
public sealed class WorkerFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The worker's own account of what went wrong (its error line on stderr, or the reason it sent), if it gave one.</summary>
    public string? Cause { get; init; }

    /// <summary>The worker's exit code, if it exited.</summary>
    public int? ExitCode { get; init; }
}
