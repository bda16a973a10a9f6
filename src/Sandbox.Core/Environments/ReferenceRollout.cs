using System.Diagnostics;
using System.Runtime.InteropServices;
using Sandbox.Core.Perturbations;
using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// Runs a built-in reference policy (random, zero, or the environment's heuristic) on seeds
/// <c>seed .. seed + episodes − 1</c>. Every episode is a function of its seed alone (random actions
/// come from a counter-based stream keyed by seed and step), so how many run at once does not matter.
/// Time is split into the environment's step (and the parts it profiles), the policy, and resets.
/// </summary>
public static class ReferenceRollout
{
    /// <summary>Time-split part name of the reference policy's own work (drawing or computing actions).</summary>
    public const string PolicyPart = "policy";

    /// <summary>Plays the episodes, all in lockstep, and returns their statistics.</summary>
    /// <exception cref="ArgumentException">The environment has no heuristic and one was asked for.</exception>
    public static RolloutStatistics Run(EnvironmentSpec spec, ReferencePolicy policy, int episodes, long seed) =>
        Run(spec, policy, episodes, seed, new ReferenceRolloutOptions());

    /// <summary>Plays the episodes as <paramref name="options"/> say and returns their statistics.</summary>
    /// <exception cref="ArgumentException">The environment has no heuristic and one was asked for.</exception>
    public static RolloutStatistics Run(EnvironmentSpec spec, ReferencePolicy policy, int episodes, long seed, ReferenceRolloutOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Lanes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WarmupEpisodes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxSteps);
        if (policy == ReferencePolicy.Heuristic && spec.Heuristic is null)
        {
            throw new ArgumentException($"{spec.Id} has no heuristic; use random or zero");
        }
        int lanes = options.Lanes == 0 ? episodes : Math.Min(options.Lanes, episodes);
        var clock = Stopwatch.StartNew();
        using var env = spec.CreateVector(lanes);
        var player = new Player(spec, env, policy, options);
        if (options.WarmupEpisodes > 0)
        {
            player.Play(seed + episodes, options.WarmupEpisodes);
        }
        return player.Play(seed, episodes) with { Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>One vector environment playing batches of episodes, its lanes refilled as episodes end.</summary>
    private sealed class Player(EnvironmentSpec spec, IVectorEnvironment env, ReferencePolicy policy, ReferenceRolloutOptions options)
    {
        private readonly int _obsSize = spec.ObservationSpace.FlatSize;
        private readonly int _actSize = spec.ActionSpace.FlatSize;
        private readonly IReferenceController?[] _controllers = new IReferenceController?[env.Count];
        private readonly int[] _episodeOf = new int[env.Count];
        private readonly int[] _active = new int[env.Count];
        private readonly float[] _random = new float[spec.ActionSpace.FlatSize];
        private readonly Dictionary<string, long> _parts = [];

        public RolloutStatistics Play(long seed, int episodes)
        {
            var returns = new double[episodes];
            var lengths = new int[episodes];
            var terminated = new bool[episodes];
            var digests = options.Digest ? new ulong[episodes] : null;
            (env as IProfiledEnvironment)?.TakeProfile(_parts);
            _parts.Clear();
            long stepTicks = 0, policyTicks = 0, resetTicks = 0;
            int next = 0, running = 0;
            long loopStart = Stopwatch.GetTimestamp();
            for (int lane = 0; lane < env.Count && next < episodes; lane++)
            {
                resetTicks += Start(lane, next++, seed, digests);
                _active[running++] = lane;
            }
            while (running > 0)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < running; i++)
                {
                    Act(_active[i], seed);
                }
                long t1 = Stopwatch.GetTimestamp();
                env.Step(_active.AsSpan(0, running));
                long t2 = Stopwatch.GetTimestamp();
                policyTicks += t1 - t0;
                stepTicks += t2 - t1;
                int kept = 0;
                for (int i = 0; i < running; i++)
                {
                    int lane = _active[i];
                    int e = _episodeOf[lane];
                    returns[e] += env.Rewards[lane];
                    lengths[e]++;
                    if (digests is not null)
                    {
                        digests[e] = Fnv(digests[e], env.Observations.Slice(lane * _obsSize, _obsSize), env.Rewards[lane]);
                    }
                    bool capped = options.MaxSteps > 0 && lengths[e] >= options.MaxSteps;
                    if (env.Terminated[lane] || env.Truncated[lane] || capped)
                    {
                        terminated[e] = env.Terminated[lane];
                        if (next < episodes)
                        {
                            resetTicks += Start(lane, next++, seed, digests);
                            _active[kept++] = lane;
                        }
                    }
                    else
                    {
                        _active[kept++] = lane;
                    }
                }
                running = kept;
            }
            long loopTicks = Stopwatch.GetTimestamp() - loopStart;
            (env as IProfiledEnvironment)?.TakeProfile(_parts);
            var parts = new Dictionary<string, double>();
            double freq = Stopwatch.Frequency;
            foreach (var (name, ticks) in _parts)
            {
                parts[name] = ticks / freq;
            }
            parts[PolicyPart] = policyTicks / freq;
            return new RolloutStatistics
            {
                EnvId = spec.Id,
                Returns = returns,
                Lengths = lengths,
                Terminated = terminated,
                Digests = digests,
                Seconds = loopTicks / freq,
                StepSeconds = stepTicks / freq,
                ResetSeconds = resetTicks / freq,
                LoopSeconds = loopTicks / freq,
                Parts = parts,
            };
        }

        /// <summary>Resets <paramref name="lane"/> for episode <paramref name="e"/>; returns the ticks it took.</summary>
        private long Start(int lane, int e, long seed, ulong[]? digests)
        {
            long t0 = Stopwatch.GetTimestamp();
            _episodeOf[lane] = e;
            env.Reset(lane, seed + e);
            if (policy == ReferencePolicy.Heuristic)
            {
                (_controllers[lane] ??= spec.Heuristic!()).Reset();
            }
            if (digests is not null)
            {
                digests[e] = Fnv(FnvOffset, env.Observations.Slice(lane * _obsSize, _obsSize), 0);
            }
            return Stopwatch.GetTimestamp() - t0;
        }

        /// <summary>Writes the reference policy's action for <paramref name="lane"/>.</summary>
        private void Act(int lane, long seed)
        {
            var obs = env.Observations.Slice(lane * _obsSize, _obsSize);
            var continuous = env.ContinuousActions.Slice(lane * _actSize, _actSize);
            switch (policy)
            {
                case ReferencePolicy.Heuristic:
                    env.DiscreteActions[lane] = _controllers[lane]!.Act(obs, continuous);
                    break;
                case ReferencePolicy.Zero:
                    env.DiscreteActions[lane] = 0;
                    continuous.Clear();
                    break;
                default:
                    // Uniform over the space, from a counter-based stream keyed by (seed, episode, step).
                    int e = _episodeOf[lane];
                    var key = new NoiseKey((ulong)(seed + e), NoiseKey.SelectionStream, (uint)env.ElapsedSteps[lane], 0);
                    PerturbationGenerator.Fill(_random, key, 0, NoiseDistribution.Uniform);
                    if (spec.ActionSpace is DiscreteSpace d)
                    {
                        env.DiscreteActions[lane] = Math.Min(d.Count - 1, (int)((_random[0] + 1f) * 0.5f * d.Count));
                    }
                    else
                    {
                        var box = (BoxSpace)spec.ActionSpace;
                        for (int i = 0; i < _actSize; i++)
                        {
                            continuous[i] = box.Low[i] + (_random[i] + 1f) * 0.5f * (box.High[i] - box.Low[i]);
                        }
                    }
                    break;
            }
        }

        private const ulong FnvOffset = 14695981039346656037UL;
        private const ulong FnvPrime = 1099511628211UL;

        /// <summary>FNV-1a over the bytes of the observation and the reward.</summary>
        private static ulong Fnv(ulong hash, ReadOnlySpan<float> observation, double reward)
        {
            foreach (byte b in MemoryMarshal.AsBytes(observation))
            {
                hash = (hash ^ b) * FnvPrime;
            }
            foreach (byte b in MemoryMarshal.AsBytes(new ReadOnlySpan<double>(in reward)))
            {
                hash = (hash ^ b) * FnvPrime;
            }
            return hash;
        }
    }
}
