namespace Sandbox.Engine.Workers;

/// <summary>
/// How long a worker may take for one batch when no timeout is given: ten times the slowest batch the run has
/// seen, at least <see cref="FloorSeconds"/>, and <see cref="InitialSeconds"/> until a batch has finished. A hung
/// worker then stalls a run of quick batches for half a minute, not five, while slow tasks (long episodes,
/// large minibatches) are never cut short by a fixed guess.
/// </summary>
public static class BatchTimeout
{
    /// <summary>The timeout before any batch has finished.</summary>
    public const double InitialSeconds = 300;

    /// <summary>The least timeout derived from observed batches.</summary>
    public const double FloorSeconds = 30;

    /// <summary>Margin over the slowest batch seen (machines under load, longer episodes later in a run).</summary>
    public const double Factor = 10;

    /// <summary>The timeout: <paramref name="configured"/> when given, else derived from <paramref name="slowestBatchSeconds"/> (0 when none finished yet).</summary>
    public static TimeSpan For(double? configured, double slowestBatchSeconds) => TimeSpan.FromSeconds(
        configured ?? (slowestBatchSeconds > 0 ? Math.Max(FloorSeconds, Factor * slowestBatchSeconds) : InitialSeconds));
}
