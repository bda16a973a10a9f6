using System.Diagnostics;
using Sandbox.Core.Environments;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Tasks;
using Sandbox.Core.Spaces;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;
using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Networks;

namespace Sandbox.Evolution.Control;

/// <summary>
/// Runs up to <see cref="Capacity"/> candidates × <see cref="Episodes"/> episodes in lockstep on one
/// thread: a vectorized environment with one lane per (candidate, episode) and one batched forward
/// per step for all candidates still running. Candidates whose episodes have all ended are dropped
/// from the batch once they make up a quarter of it, so the forward pass does not keep paying for them.
/// </summary>
public sealed class LockstepRollout : IDisposable
{
    private readonly PolicyModel _model;
    private readonly IVectorEnvironment _env;
    private readonly BatchedMlp _mlp;
    private readonly int _obsSize;
    private readonly int _actSize;
    private readonly BoxSpace? _box;
    private readonly WeightLoader _loader;
    private readonly int[] _slotCandidate;
    private readonly int[] _keep;
    private readonly int[] _activeLanes;
    private readonly bool[] _laneDone;
    private readonly double[] _returns;
    private readonly double[] _shapedReturns;
    private readonly int[] _lengths;
    private readonly bool[] _laneTerminated;
    private readonly int[] _remaining;
    private readonly long[] _steps;
    private readonly float[] _normalized;

    /// <summary>Allocates the environment lanes and the network batch.</summary>
    public LockstepRollout(PolicyModel model, int capacity, int episodes, ComputeDevice device)
    {
        _model = model.Checked();
        Capacity = capacity;
        Episodes = episodes;
        _env = model.Environment.CreateVector(capacity * episodes);
        _mlp = new BatchedMlp(model.Architecture.Sizes, capacity, episodes, model.Head, device, model.Architecture.Activation);
        _obsSize = model.Environment.ObservationSpace.FlatSize;
        _actSize = model.Environment.ActionSpace.FlatSize;
        _box = model.Environment.ActionSpace as BoxSpace;
        _loader = new WeightLoader(model.Parameterization);
        _slotCandidate = new int[capacity];
        _keep = new int[capacity];
        _activeLanes = new int[capacity * episodes];
        _laneDone = new bool[capacity * episodes];
        _returns = new double[capacity * episodes];
        _shapedReturns = new double[capacity * episodes];
        _lengths = new int[capacity * episodes];
        _laneTerminated = new bool[capacity * episodes];
        _remaining = new int[capacity];
        _steps = new long[capacity];
        _normalized = new float[_obsSize];
    }

    /// <summary>Accumulated time split (forward, environment, total) over all runs.</summary>
    public RolloutTimings Timings { get; } = new();

    /// <summary>Most candidates per call.</summary>
    public int Capacity { get; }

    /// <summary>Episodes per candidate.</summary>
    public int Episodes { get; }

    /// <summary>Moves the environment's own profile (if it keeps one) into <see cref="Timings"/>.</summary>
    public void TakeEnvironmentProfile() => (_env as IProfiledEnvironment)?.TakeProfile(Timings.EnvironmentParts);

    /// <summary>Return of episode <paramref name="episode"/> of the <paramref name="candidate"/>-th candidate of the last <see cref="Run"/>.</summary>
    public double EpisodeReturn(int candidate, int episode) => _returns[candidate * Episodes + episode];

    /// <summary>Length of episode <paramref name="episode"/> of the <paramref name="candidate"/>-th candidate of the last <see cref="Run"/>.</summary>
    public int EpisodeLength(int candidate, int episode) => _lengths[candidate * Episodes + episode];

    /// <summary>
    /// Evaluates <paramref name="count"/> candidates of <paramref name="task"/> starting at <paramref name="first"/>,
    /// with observations normalised by <paramref name="normalizer"/> and, when asked, raw observation statistics
    /// gathered per candidate. With <paramref name="rewardFloor"/> set, fitness sums each step's reward raised to at
    /// least that floor (training-only shaping); the <c>return</c> metric and <see cref="EpisodeReturn"/> stay true.
    /// </summary>
    public void Run(GenerationTask task, int first, int count, CandidateResult[] results, ObservationNormalizer? normalizer,
        bool collectStatistics, IRolloutObserver? observer = null, CancellationToken cancellation = default, double? rewardFloor = null)
    {
        var seeds = task.Context.Seeds;
        if (count > Capacity || seeds.Length != Episodes)
        {
            throw new ArgumentException("task does not fit this rollout's capacity or episode count");
        }
        long started = Stopwatch.GetTimestamp();
        var sparsity = new double[count];
        for (int c = 0; c < count; c++)
        {
            sparsity[c] = _loader.Load(task.Candidates[first + c], task.Bases, _mlp, c);
            _slotCandidate[c] = c;
            _remaining[c] = Episodes;
            _steps[c] = 0;
            long resetStart = Stopwatch.GetTimestamp();
            for (int e = 0; e < Episodes; e++)
            {
                _env.Reset(c * Episodes + e, seeds[e]);
            }
            Timings.EnvironmentTicks += Stopwatch.GetTimestamp() - resetStart;
            for (int e = 0; e < Episodes; e++)
            {
                int lane = c * Episodes + e;
                _laneDone[lane] = false;
                _laneTerminated[lane] = false;
                _returns[lane] = 0;
                _shapedReturns[lane] = 0;
                _lengths[lane] = 0;
            }
        }
        _mlp.Commit(count);

        ObservationStatistics[]? stats = null;
        if (collectStatistics)
        {
            stats = new ObservationStatistics[count];
            for (int c = 0; c < count; c++)
            {
                stats[c] = new ObservationStatistics(_obsSize);
            }
        }

        RunEpisodes(normalizer, stats, observer, rewardFloor, cancellation);

        for (int c = 0; c < count; c++)
        {
            double sum = 0, shaped = 0, length = 0;
            for (int e = 0; e < Episodes; e++)
            {
                int lane = c * Episodes + e;
                sum += _returns[lane];
                shaped += _shapedReturns[lane];
                length += _lengths[lane];
            }
            double meanReturn = sum / Episodes;
            results[first + c] = new CandidateResult
            {
                Index = task.Candidates[first + c].Index,
                Fitness = rewardFloor is null ? meanReturn : shaped / Episodes,
                Metrics = ControlMetrics.Values(meanReturn, length / Episodes, _steps[c], sparsity[c]),
                Statistics = stats?[c].ToVector(),
            };
        }
        Timings.TotalTicks += Stopwatch.GetTimestamp() - started;
    }

    private void RunEpisodes(ObservationNormalizer? normalizer, ObservationStatistics[]? stats, IRolloutObserver? observer, double? rewardFloor, CancellationToken cancellation)
    {
        int stepCount = 0;
        observer?.Observe(_env, stepCount);
        var observations = _env.Observations;
        var discrete = _env.DiscreteActions;
        var continuous = _env.ContinuousActions;
        var rewards = _env.Rewards;
        var terminated = _env.Terminated;
        var truncated = _env.Truncated;
        bool argMax = _model.Head == OutputHead.ArgMax;
        int finishedSlots = 0;
        bool shaped = rewardFloor is not null;
        double floor = rewardFloor ?? 0;

        while (true)
        {
            // A rollout can take minutes (long episodes, big populations): stop within a step of being asked.
            cancellation.ThrowIfCancellationRequested();
            long forwardStart = Stopwatch.GetTimestamp();
            int population = _mlp.Population;
            for (int slot = 0; slot < population; slot++)
            {
                int c = _slotCandidate[slot];
                if (_remaining[c] == 0)
                {
                    continue;
                }
                var input = _mlp.Input(slot);
                for (int e = 0; e < Episodes; e++)
                {
                    int lane = c * Episodes + e;
                    if (_laneDone[lane])
                    {
                        continue;
                    }
                    var obs = observations.Slice(lane * _obsSize, _obsSize);
                    stats?[c].Add(obs);
                    var target = input.Slice(e * _obsSize, _obsSize);
                    if (normalizer is null)
                    {
                        obs.CopyTo(target);
                    }
                    else
                    {
                        normalizer.Apply(obs, target);
                    }
                }
            }

            _mlp.Forward();

            int active = 0;
            for (int slot = 0; slot < population; slot++)
            {
                int c = _slotCandidate[slot];
                if (_remaining[c] == 0)
                {
                    continue;
                }
                for (int e = 0; e < Episodes; e++)
                {
                    int lane = c * Episodes + e;
                    if (_laneDone[lane])
                    {
                        continue;
                    }
                    if (argMax)
                    {
                        discrete[lane] = (int)_mlp.ArgMax(slot)[e];
                    }
                    else
                    {
                        var action = continuous.Slice(lane * _actSize, _actSize);
                        ActionMapping.ToBox(_mlp.Output(slot).Slice(e * _actSize, _actSize), _box!, action);
                        if (!AllFinite(action))
                        {
                            throw new NonFiniteActionException(stepCount + 1);
                        }
                    }
                    _activeLanes[active++] = lane;
                }
            }
            long stepStart = Stopwatch.GetTimestamp();
            Timings.ForwardTicks += stepStart - forwardStart;
            if (active == 0)
            {
                return;
            }

            _env.Step(_activeLanes.AsSpan(0, active));
            Timings.EnvironmentTicks += Stopwatch.GetTimestamp() - stepStart;
            observer?.Observe(_env, ++stepCount);

            for (int i = 0; i < active; i++)
            {
                int lane = _activeLanes[i];
                int c = lane / Episodes;
                _returns[lane] += rewards[lane];
                if (shaped)
                {
                    _shapedReturns[lane] += Math.Max(rewards[lane], floor);
                }
                _lengths[lane]++;
                _steps[c]++;
                if (terminated[lane] || truncated[lane])
                {
                    _laneDone[lane] = true;
                    _laneTerminated[lane] = terminated[lane];
                    if (--_remaining[c] == 0)
                    {
                        finishedSlots++;
                    }
                }
            }

            if (finishedSlots * 4 >= population && finishedSlots < population)
            {
                int kept = 0;
                for (int slot = 0; slot < population; slot++)
                {
                    if (_remaining[_slotCandidate[slot]] > 0)
                    {
                        _keep[kept++] = slot;
                    }
                }
                _mlp.Compact(_keep.AsSpan(0, kept));
                for (int k = 0; k < kept; k++)
                {
                    _slotCandidate[k] = _slotCandidate[_keep[k]];
                }
                finishedSlots = 0;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _mlp.Dispose();
        _env.Dispose();
    }

    /// <summary>Clipping maps ±∞ onto the bounds, but NaN (a network whose weights overflow) survives it.</summary>
    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (float.IsNaN(v))
            {
                return false;
            }
        }
        return true;
    }
}
