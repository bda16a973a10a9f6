using System.Diagnostics;
using Sandbox.Core.Perturbations;
using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// Runs a built-in reference policy (random, zero, or the environment's heuristic) on seeds
/// <c>seed .. seed + episodes − 1</c>, all episodes in lockstep, one lane each.
/// </summary>
public static class ReferenceRollout
{
    /// <summary>Plays the episodes and returns their statistics.</summary>
    /// <exception cref="ArgumentException">The environment has no heuristic and one was asked for.</exception>
    public static RolloutStatistics Run(EnvironmentSpec spec, ReferencePolicy policy, int episodes, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        if (policy == ReferencePolicy.Heuristic && spec.Heuristic is null)
        {
            throw new ArgumentException($"{spec.Id} has no heuristic; use random or zero");
        }
        var clock = Stopwatch.StartNew();
        using var env = spec.CreateVector(episodes);
        var controllers = new IReferenceController?[episodes];
        int obsSize = spec.ObservationSpace.FlatSize;
        int actSize = spec.ActionSpace.FlatSize;
        var returns = new double[episodes];
        var lengths = new int[episodes];
        var terminated = new bool[episodes];
        var done = new bool[episodes];
        var lanes = new int[episodes];
        var random = new float[actSize];
        for (int e = 0; e < episodes; e++)
        {
            env.Reset(e, seed + e);
            if (policy == ReferencePolicy.Heuristic)
            {
                controllers[e] = spec.Heuristic!();
                controllers[e]!.Reset();
            }
        }
        int active = episodes;
        int step = 0;
        while (active > 0)
        {
            int n = 0;
            for (int e = 0; e < episodes; e++)
            {
                if (done[e])
                {
                    continue;
                }
                var obs = env.Observations.Slice(e * obsSize, obsSize);
                var continuous = env.ContinuousActions.Slice(e * actSize, actSize);
                switch (policy)
                {
                    case ReferencePolicy.Heuristic:
                        env.DiscreteActions[e] = controllers[e]!.Act(obs, continuous);
                        break;
                    case ReferencePolicy.Zero:
                        env.DiscreteActions[e] = 0;
                        continuous.Clear();
                        break;
                    default:
                        // Uniform over the space, from a counter-based stream keyed by (seed, episode, step).
                        var key = new NoiseKey((ulong)(seed + e), NoiseKey.SelectionStream, (uint)step, 0);
                        PerturbationGenerator.Fill(random, key, 0, NoiseDistribution.Uniform);
                        if (spec.ActionSpace is DiscreteSpace d)
                        {
                            env.DiscreteActions[e] = Math.Min(d.Count - 1, (int)((random[0] + 1f) * 0.5f * d.Count));
                        }
                        else
                        {
                            var box = (BoxSpace)spec.ActionSpace;
                            for (int i = 0; i < actSize; i++)
                            {
                                continuous[i] = box.Low[i] + (random[i] + 1f) * 0.5f * (box.High[i] - box.Low[i]);
                            }
                        }
                        break;
                }
                lanes[n++] = e;
            }
            env.Step(lanes.AsSpan(0, n));
            step++;
            for (int i = 0; i < n; i++)
            {
                int e = lanes[i];
                returns[e] += env.Rewards[e];
                lengths[e]++;
                if (env.Terminated[e] || env.Truncated[e])
                {
                    done[e] = true;
                    terminated[e] = env.Terminated[e];
                    active--;
                }
            }
        }
        return new RolloutStatistics
        {
            EnvId = spec.Id,
            Returns = returns,
            Lengths = lengths,
            Terminated = terminated,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }
}
