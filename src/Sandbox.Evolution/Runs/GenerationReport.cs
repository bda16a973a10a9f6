using Sandbox.Evolution.Algorithms;

namespace Sandbox.Evolution.Runs;

/// <summary>Progress after one generation: fitness figures, throughput and validation.</summary>
public sealed record GenerationReport
{
    /// <summary>Fitness figures.</summary>
    public required GenerationOutcome Outcome { get; init; }

    /// <summary>Generations the run may take in all.</summary>
    public required int TotalGenerations { get; init; }

    /// <summary>Training environment steps in this generation.</summary>
    public required long EnvSteps { get; init; }

    /// <summary>Training environment steps so far.</summary>
    public required long TotalEnvSteps { get; init; }

    /// <summary>Training environment steps per second in this generation (including the policy forward).</summary>
    public required double StepsPerSecond { get; init; }

    /// <summary>Wall time since the run started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Validation mean return of the champion, when it was validated this generation.</summary>
    public double? Validation { get; init; }

    /// <summary>Whether the run reached its target.</summary>
    public bool Solved { get; init; }

    /// <summary>What the evaluator measured (traffic, worker time), if anything.</summary>
    public Evaluation.EvaluatorReport? Evaluator { get; init; }

    /// <summary>Wall seconds of the generation's evaluation.</summary>
    public double GenerationSeconds { get; init; }
}
