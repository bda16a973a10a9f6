namespace Sandbox.Engine.Workers;

/// <summary>
/// Faults a worker can inject into itself, for the engine's fault-tolerance tests
/// (<c>SANDBOX_WORKER_FAULT=kill:N | hang:N | garbage:N | version</c>, acting on the N-th batch).
/// </summary>
public sealed record WorkerFault(string Kind, int Batch)
{
    /// <summary>The environment variable the engine sets on one worker when a test asks for a fault.</summary>
    public const string EnvironmentVariable = "SANDBOX_WORKER_FAULT";

    /// <summary>Parses <c>kind[:batch]</c>; null for none or an unknown kind.</summary>
    public static WorkerFault? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var parts = text.Split(':');
        int batch = parts.Length > 1 && int.TryParse(parts[1], out int b) ? b : 1;
        return parts[0] is "kill" or "hang" or "garbage" or "version" ? new WorkerFault(parts[0], batch) : null;
    }
}
