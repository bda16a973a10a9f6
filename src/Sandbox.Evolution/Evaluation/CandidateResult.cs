using Sandbox.Policies.Normalization;

namespace Sandbox.Evolution.Evaluation;

/// <summary>What evaluating one candidate produced.</summary>
public sealed record CandidateResult
{
    /// <summary>The candidate's index in its generation.</summary>
    public required int Index { get; init; }

    /// <summary>Mean return over its episodes (the fitness).</summary>
    public required double MeanReturn { get; init; }

    /// <summary>Return of each episode, in seed order.</summary>
    public required double[] Returns { get; init; }

    /// <summary>Length of each episode in steps.</summary>
    public int[] Lengths { get; init; } = [];

    /// <summary>How many episodes ended by termination (rather than the time limit).</summary>
    public int TerminatedEpisodes { get; init; }

    /// <summary>Environment steps taken.</summary>
    public required long EnvSteps { get; init; }

    /// <summary>Fraction of connections pruned.</summary>
    public double Sparsity { get; init; }

    /// <summary>Raw observation statistics, when asked for.</summary>
    public ObservationStatistics? ObservationStatistics { get; init; }
}
