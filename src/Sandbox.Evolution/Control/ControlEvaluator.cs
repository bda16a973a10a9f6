using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Normalization;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Control;

/// <summary>
/// Evaluates a generation's control candidates: a pure function of (model, normalisation, task) → results.
/// Candidates are split into contiguous shards, one <see cref="LockstepRollout"/> per thread; each
/// candidate's result does not depend on which shard or batch it ran in, so the thread count never changes results.
/// </summary>
public sealed class ControlEvaluator : ITaskEvaluator
{
    private readonly PolicyModel _model;
    private readonly ComputeDevice _device;
    private readonly Func<ObservationNormalizer?> _normalizer;
    private readonly bool _collectStatistics;
    private readonly double? _trainingRewardFloor;
    private readonly int? _floorGenerations;
    private readonly List<LockstepRollout> _rollouts = [];

    /// <summary>
    /// Creates an evaluator on up to <paramref name="threads"/> threads; <paramref name="normalizer"/> gives the current
    /// normalisation; <paramref name="trainingRewardFloor"/> shapes the fitness of training candidates only, in
    /// generations before <paramref name="floorGenerations"/> (null: all).
    /// </summary>
    public ControlEvaluator(PolicyModel model, int threads, ComputeDevice device, Func<ObservationNormalizer?>? normalizer = null, bool collectStatistics = false,
        double? trainingRewardFloor = null, int? floorGenerations = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _model = model.Checked();
        Threads = threads;
        _device = device;
        _normalizer = normalizer ?? (() => null);
        _collectStatistics = collectStatistics;
        _trainingRewardFloor = trainingRewardFloor;
        _floorGenerations = floorGenerations;
    }

    /// <summary>Threads used.</summary>
    public int Threads { get; }

    /// <summary>The model evaluated.</summary>
    public PolicyModel Model => _model;

    /// <summary>Time split summed over all threads since the last call; clears the counters.</summary>
    public RolloutTimings CollectTimings()
    {
        var sum = new RolloutTimings();
        foreach (var r in _rollouts)
        {
            r.TakeEnvironmentProfile();
            sum.Add(r.Timings);
            r.Timings.Clear();
        }
        return sum;
    }

    /// <inheritdoc />
    public double TakeBusySeconds()
    {
        var timings = CollectTimings();
        return RolloutTimings.Seconds(timings.ForwardTicks + timings.EnvironmentTicks);
    }

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation = default)
    {
        int n = task.Candidates.Count;
        var results = new CandidateResult[n];
        if (n == 0)
        {
            return results;
        }
        var normalizer = _normalizer();
        // Statistics feed the running normalisation: only training rollouts contribute, never validation.
        bool collect = _collectStatistics && task.Context.Split == EvaluationSplit.Training;
        // Validation ranks policies by what replay will measure: the environment's own reward.
        double? floor = task.Context.Split == EvaluationSplit.Training && (_floorGenerations is null || task.Generation < _floorGenerations)
            ? _trainingRewardFloor : null;
        int shards = Math.Min(Threads, n);
        int perShard = (n + shards - 1) / shards;
        shards = (n + perShard - 1) / perShard;
        EnsureRollouts(shards, perShard, task.Context.Seeds.Length);
        if (shards == 1)
        {
            _rollouts[0].Run(task, 0, n, results, normalizer, collect, cancellation: cancellation, rewardFloor: floor);
            return results;
        }
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = shards, CancellationToken = cancellation }, s =>
        {
            int first = s * perShard;
            int count = Math.Min(perShard, n - first);
            _rollouts[s].Run(task, first, count, results, normalizer, collect, cancellation: cancellation, rewardFloor: floor);
        });
        return results;
    }

    private void EnsureRollouts(int shards, int capacity, int episodes)
    {
        bool fits = _rollouts.Count >= shards;
        for (int i = 0; fits && i < shards; i++)
        {
            fits = _rollouts[i].Capacity >= capacity && _rollouts[i].Episodes == episodes;
        }
        if (fits)
        {
            return;
        }
        foreach (var r in _rollouts)
        {
            r.Dispose();
        }
        _rollouts.Clear();
        for (int i = 0; i < shards; i++)
        {
            _rollouts.Add(new LockstepRollout(_model, capacity, episodes, _device));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _rollouts)
        {
            r.Dispose();
        }
        _rollouts.Clear();
    }
}
