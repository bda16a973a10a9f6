using System.Diagnostics;

namespace Sandbox.Evolution.Control;

/// <summary>Where evaluation time went: the batched policy forward, environment steps, and everything else.</summary>
public sealed class RolloutTimings
{
    /// <summary>Stopwatch ticks in the policy forward (including input and output copies).</summary>
    public long ForwardTicks { get; set; }

    /// <summary>Stopwatch ticks inside environment resets and steps.</summary>
    public long EnvironmentTicks { get; set; }

    /// <summary>Stopwatch ticks in whole evaluations (materialising candidates, resets, bookkeeping included).</summary>
    public long TotalTicks { get; set; }

    /// <summary>Stopwatch ticks inside named parts of the environment time, for environments that profile themselves.</summary>
    public Dictionary<string, long> EnvironmentParts { get; } = [];

    /// <summary>Adds another set of timings.</summary>
    public void Add(RolloutTimings other)
    {
        ForwardTicks += other.ForwardTicks;
        EnvironmentTicks += other.EnvironmentTicks;
        TotalTicks += other.TotalTicks;
        foreach (var (part, ticks) in other.EnvironmentParts)
        {
            EnvironmentParts[part] = EnvironmentParts.GetValueOrDefault(part) + ticks;
        }
    }

    /// <summary>Clears all counters.</summary>
    public void Clear()
    {
        ForwardTicks = 0;
        EnvironmentTicks = 0;
        TotalTicks = 0;
        EnvironmentParts.Clear();
    }

    /// <summary>Seconds of a tick count.</summary>
    public static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
}
