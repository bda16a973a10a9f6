namespace Sandbox.Core.Environments;

/// <summary>Returns and lengths of a set of episodes.</summary>
public sealed record RolloutStatistics
{
    /// <summary>Environment id.</summary>
    public required string EnvId { get; init; }

    /// <summary>Return of each episode, in seed order.</summary>
    public required double[] Returns { get; init; }

    /// <summary>Length of each episode.</summary>
    public required int[] Lengths { get; init; }

    /// <summary>Whether each episode ended by termination (not the time limit).</summary>
    public required bool[] Terminated { get; init; }

    /// <summary>Wall seconds spent.</summary>
    public required double Seconds { get; init; }

    /// <summary>Mean return.</summary>
    public double MeanReturn => Returns.Average();

    /// <summary>Population standard deviation of the returns.</summary>
    public double StdReturn
    {
        get
        {
            double mean = MeanReturn;
            return Math.Sqrt(Returns.Sum(r => (r - mean) * (r - mean)) / Returns.Length);
        }
    }

    /// <summary>Mean episode length.</summary>
    public double MeanLength => Lengths.Average();

    /// <summary>Fraction of episodes that terminated.</summary>
    public double TerminatedFraction => Terminated.Count(t => t) / (double)Terminated.Length;

    /// <summary>Environment steps per second (the reference policy's own cost included).</summary>
    public double StepsPerSecond => Lengths.Sum() / Math.Max(Seconds, 1e-9);
}
