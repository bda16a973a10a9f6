using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Runs;

/// <summary>Progress after one generation: fitness figures, the champion's metrics, work, throughput and validation.</summary>
public sealed record GenerationReport
{
    /// <summary>Fitness figures.</summary>
    public required GenerationOutcome Outcome { get; init; }

    /// <summary>Generations the run may take in all.</summary>
    public required int TotalGenerations { get; init; }

    /// <summary>The task's metric names and roles.</summary>
    public required MetricLayout Metrics { get; init; }

    /// <summary>The champion's metric values this generation (in <see cref="Metrics"/> order).</summary>
    public required double[] ChampionMetrics { get; init; }

    /// <summary>Candidates evaluated in this generation.</summary>
    public required int Candidates { get; init; }

    /// <summary>Work in this generation (environment steps, samples), summed over candidates.</summary>
    public required long Work { get; init; }

    /// <summary>Work so far.</summary>
    public required long TotalWork { get; init; }

    /// <summary>Work per second in this generation.</summary>
    public required double WorkPerSecond { get; init; }

    /// <summary>Wall time since the run started.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Validation score of the champion, when it was validated this generation.</summary>
    public double? Validation { get; init; }

    /// <summary>Whether the run reached its target.</summary>
    public bool Solved { get; init; }

    /// <summary>What the evaluator measured (traffic, worker time), if anything.</summary>
    public EvaluatorReport? Evaluator { get; init; }

    /// <summary>Wall seconds of the generation's evaluation.</summary>
    public double GenerationSeconds { get; init; }

    /// <summary>The champion's value of metric <paramref name="name"/>, if the task reports it.</summary>
    public double? ChampionMetric(string name) => Metrics.IndexOf(name) is >= 0 and var i ? ChampionMetrics[i] : null;
}
