namespace Sandbox.Evolution.Configuration;

/// <summary>How candidates are evaluated and when a run counts as solved.</summary>
public sealed record EvaluationConfig
{
    /// <summary>Threads evaluating candidates in parallel; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Episodes on held-out seeds used to validate a promising policy (and the final one).</summary>
    public int ValidationEpisodes { get; init; } = 100;

    /// <summary>Also validate the champion every this many generations (0: only when it looks solved, and at the end).</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Stop as soon as a validated policy reaches the target return.</summary>
    public bool StopAtTarget { get; init; } = true;

    /// <summary>Mean return that counts as solved; defaults to the environment's reward threshold.</summary>
    public double? TargetReturn { get; init; }
}
