using Sandbox.Policies;

namespace Sandbox.Evolution.Runs;

/// <summary>How a run ended and what it produced.</summary>
public sealed record RunResult
{
    /// <summary>The final policy.</summary>
    public required Policy Policy { get; init; }

    /// <summary>Where the final policy was written.</summary>
    public required string PolicyPath { get; init; }

    /// <summary>The run directory.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Generations completed.</summary>
    public required int Generations { get; init; }

    /// <summary>Whether a validated policy reached the target return.</summary>
    public required bool Solved { get; init; }

    /// <summary>Validation mean return of the final policy.</summary>
    public required double ValidationReturn { get; init; }

    /// <summary>Training environment steps used.</summary>
    public required long EnvSteps { get; init; }

    /// <summary>Wall time of the evolution (excluding set-up).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Whether the run was stopped before its last generation by cancellation.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Whether the run stopped because its time budget ran out.</summary>
    public bool TimeLimitReached { get; init; }
}
