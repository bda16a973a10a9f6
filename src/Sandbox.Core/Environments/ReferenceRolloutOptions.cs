namespace Sandbox.Core.Environments;

/// <summary>How <see cref="ReferenceRollout"/> plays its episodes. None of these changes an episode's result.</summary>
public sealed record ReferenceRolloutOptions
{
    /// <summary>Episodes in flight at once (lanes of one vector environment); 0: all of them in lockstep.</summary>
    public int Lanes { get; init; }

    /// <summary>
    /// Episodes played first, untimed and not reported, on seeds after the measured ones, so that the
    /// reported steps per second are the steady state (native libraries loaded, code compiled).
    /// </summary>
    public int WarmupEpisodes { get; init; }

    /// <summary>When positive, episodes stop (truncated) after this many steps, below the time limit.</summary>
    public int MaxSteps { get; init; }

    /// <summary>Also hash every step's observation and reward bits, per episode (see <see cref="RolloutStatistics.Digests"/>).</summary>
    public bool Digest { get; init; }
}
