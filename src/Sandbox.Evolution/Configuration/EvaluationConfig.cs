namespace Sandbox.Evolution.Configuration;

/// <summary>How candidates are evaluated and validated, and when a run counts as solved.</summary>
public sealed record EvaluationConfig
{
    /// <summary>Threads evaluating candidates in parallel; 0 uses every core.</summary>
    public int Threads { get; init; }

    /// <summary>Episodes on held-out seeds used to validate a promising policy and the final one (control tasks).</summary>
    public int ValidationEpisodes { get; init; } = 100;

    /// <summary>Also validate the champion every this many generations (0: only when it looks solved, and at the end).</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Stop as soon as a validated champion reaches the target.</summary>
    public bool StopAtTarget { get; init; } = true;

    /// <summary>Validation score that counts as solved (mean return, or accuracy); defaults to the task's own threshold.</summary>
    public double? Target { get; init; }
}
