namespace Sandbox.Engine.Hosting;

/// <summary>How the engine runs a generation's evaluations (never what they compute).</summary>
public sealed class EngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Engine";

    /// <summary>Worker processes; 0 evaluates in this process.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Seconds a worker may take for one batch before it is replaced; unset, the timeout follows the run's own
    /// batches (see <see cref="Workers.BatchTimeout"/>).
    /// </summary>
    public double? WorkerTimeoutSeconds { get; set; }

    /// <summary>Controls batch size: each batch is the remaining candidates / (workers × this), at least one (guided scheduling).</summary>
    public int BatchesPerWorker { get; set; } = 4;

    /// <summary>
    /// Seconds a worker may take to start and answer the hello (separate from <see cref="WorkerTimeoutSeconds"/>,
    /// so a short batch timeout does not fail every start).
    /// </summary>
    public double StartTimeoutSeconds { get; set; } = 120;

    /// <summary>Times a slot may fail to start in a row before the run gives up.</summary>
    public int MaxStartAttempts { get; set; } = 5;

    /// <summary>
    /// Times one batch may fail the same way (same error, on a fresh worker each time) before the run stops
    /// with that error: a deterministic failure is reported, not retried forever.
    /// </summary>
    public int MaxBatchFailures { get; set; } = 3;

    /// <summary>Stop (at a generation boundary, writing the checkpoint and policy) after this many seconds; 0 for no limit.</summary>
    public double TimeLimitSeconds { get; set; }

    /// <summary>A fault injected into worker 0's first process (tests only): kill:N, hang:N, garbage:N or version.</summary>
    public string? TestFault { get; set; }

    /// <summary>Longest worker timeout accepted (a week): beyond it a timer cannot be set, and nothing needs it.</summary>
    public const double MaxWorkerTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>Longest time limit accepted (40 days; a .NET timer cannot wait 50).</summary>
    public const double MaxTimeLimitSeconds = 40 * 24 * 3600;

    /// <summary>Checks the values; returns one line per problem.</summary>
    public IEnumerable<string> Validate()
    {
        if (Workers is < 0 or > 256)
        {
            yield return $"workers: must be between 0 and 256 (got {Workers})";
        }
        if (WorkerTimeoutSeconds is { } timeout && !(timeout > 0 && timeout <= MaxWorkerTimeoutSeconds))
        {
            yield return $"worker timeout: must be positive and at most {MaxWorkerTimeoutSeconds} seconds (got {timeout})";
        }
        if (!(StartTimeoutSeconds > 0 && StartTimeoutSeconds <= MaxWorkerTimeoutSeconds))
        {
            yield return $"worker start timeout: must be positive and at most {MaxWorkerTimeoutSeconds} seconds (got {StartTimeoutSeconds})";
        }
        if (!(TimeLimitSeconds >= 0 && TimeLimitSeconds <= MaxTimeLimitSeconds))
        {
            yield return $"time limit: must be between 0 and {MaxTimeLimitSeconds / 60} minutes (got {TimeLimitSeconds / 60} minutes)";
        }
        if (MaxBatchFailures is < 1 or > 100)
        {
            yield return $"max batch failures: must be between 1 and 100 (got {MaxBatchFailures})";
        }
        if (BatchesPerWorker is < 1 or > 1000)
        {
            yield return $"batches per worker: must be between 1 and 1000 (got {BatchesPerWorker})";
        }
    }
}
