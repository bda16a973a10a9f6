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

    /// <summary>Per-episode FNV-1a hashes of every observation and reward bit (first observation included), when asked for.</summary>
    public ulong[]? Digests { get; init; }

    /// <summary>Wall seconds spent, creating the environment and warming up included.</summary>
    public required double Seconds { get; init; }

    /// <summary>Seconds playing the reported episodes (steps, policy and resets; no warm-up, no set-up).</summary>
    public double LoopSeconds { get; init; }

    /// <summary>Seconds inside the environment's step calls for the reported episodes.</summary>
    public double StepSeconds { get; init; }

    /// <summary>Seconds in resets for the reported episodes.</summary>
    public double ResetSeconds { get; init; }

    /// <summary>
    /// Seconds by named part for the reported episodes: what the environment profiles inside its step
    /// (e.g. "Box2D step", "lidar ray casts") and <see cref="ReferenceRollout.PolicyPart"/>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Parts { get; init; } = new Dictionary<string, double>();

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

    /// <summary>Total steps of the reported episodes.</summary>
    public long TotalSteps => Lengths.Sum(l => (long)l);

    /// <summary>Steps per second while playing the reported episodes (policy and resets included; set-up and warm-up not).</summary>
    public double StepsPerSecond => TotalSteps / Math.Max(LoopSeconds > 0 ? LoopSeconds : Seconds, 1e-9);

    /// <summary>Steps per second of the environment's step alone (what Gymnasium's <c>env.step</c> timings measure).</summary>
    public double EnvStepsPerSecond => TotalSteps / Math.Max(StepSeconds > 0 ? StepSeconds : Seconds, 1e-9);
}
