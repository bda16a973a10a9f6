namespace Sandbox.Evolution.Runs;

/// <summary>How a run ended and what it produced.</summary>
public sealed record RunResult
{
    /// <summary>The final artifact (policy or classifier model file bytes): the champion with the best validation score.</summary>
    public required byte[] Artifact { get; init; }

    /// <summary>Where the final artifact was written.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>The run directory.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Generations completed.</summary>
    public required int Generations { get; init; }

    /// <summary>Whether a validated champion reached the target.</summary>
    public required bool Solved { get; init; }

    /// <summary>Validation score of the final artifact (mean return, accuracy).</summary>
    public required double Validation { get; init; }

    /// <summary>Name of the validation metric (e.g. <c>return</c>, <c>accuracy</c>).</summary>
    public required string ValidationMetric { get; init; }

    /// <summary>Work done (environment steps, samples).</summary>
    public required long Work { get; init; }

    /// <summary>Name of the work metric (e.g. <c>env_steps</c>, <c>samples</c>).</summary>
    public required string WorkMetric { get; init; }

    /// <summary>Wall time of the evolution (excluding set-up).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Whether the run was stopped before its last generation by cancellation.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Whether the run stopped because its time budget ran out.</summary>
    public bool TimeLimitReached { get; init; }
}
