using System.Diagnostics;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Parameterizations;
using Sandbox.Supervised.Datasets;
using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Networks;

namespace Sandbox.Supervised.Classification;

/// <summary>
/// Evaluates classifier candidates: a training generation on its shared minibatch (every candidate the same
/// examples, split into contiguous shards, one per thread, each with its own batched network), a validation on
/// the first examples of the dev split in chunks. A candidate's result depends only on its descriptor and the
/// examples, never on the shard it ran in, so thread and worker counts never change results.
/// </summary>
public sealed class ClassificationEvaluator : ITaskEvaluator
{
    private readonly ClassificationTask _task;
    private readonly ComputeDevice _device;
    private readonly MinibatchSchedule _schedule;
    private readonly int[] _indices;
    private readonly float[] _pixels;
    private readonly long[] _labelBuffer;
    private readonly int[] _labels;
    private readonly List<Shard> _shards = [];
    private SetScorer? _scorer;
    private long _busyTicks;

    /// <summary>Creates an evaluator on up to <paramref name="threads"/> threads.</summary>
    public ClassificationEvaluator(ClassificationTask task, int threads, ComputeDevice device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _task = task;
        Threads = threads;
        _device = device;
        int batch = task.BatchSize;
        _schedule = new MinibatchSchedule(task.Train.Count, task.BatchSize, task.Seed, dropLast: true);
        _indices = new int[task.BatchSize];
        _pixels = new float[batch * task.Train.SampleSize];
        _labelBuffer = new long[batch];
        _labels = new int[batch];
    }

    /// <summary>Threads used.</summary>
    public int Threads { get; }

    /// <summary>Seconds in forwards and scoring since the last call, summed over threads.</summary>
    public double TakeBusySeconds() => Interlocked.Exchange(ref _busyTicks, 0) / (double)Stopwatch.Frequency;

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation = default)
    {
        var results = new CandidateResult[task.Candidates.Count];
        if (results.Length == 0)
        {
            return results;
        }
        if (task.Context.Split == EvaluationSplit.Validation)
        {
            int size = (int)Math.Clamp(task.Context.Seeds[0], 1, _task.Dev.Count);
            for (int c = 0; c < results.Length; c++)
            {
                cancellation.ThrowIfCancellationRequested();
                results[c] = ScoreSet(_task.Dev, size, task.Candidates[c], task.Bases);
            }
            return results;
        }
        int count = _schedule.Batch(task.Context.Seeds[0], _indices);
        _task.Train.Gather(_indices.AsSpan(0, count), _pixels, _labelBuffer);
        for (int i = 0; i < count; i++)
        {
            _labels[i] = (int)_labelBuffer[i];
        }
        int n = results.Length;
        int shards = Math.Min(Threads, n);
        int perShard = (n + shards - 1) / shards;
        shards = (n + perShard - 1) / perShard;
        EnsureShards(shards, perShard);
        if (shards == 1)
        {
            RunShard(_shards[0], task, 0, n, count, results, cancellation);
            return results;
        }
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = shards, CancellationToken = cancellation }, s =>
        {
            int first = s * perShard;
            RunShard(_shards[s], task, first, Math.Min(perShard, n - first), count, results, cancellation);
        });
        return results;
    }

    private CandidateResult ScoreSet(ImageSet set, int count, CandidateDescriptor candidate, IReadOnlyList<float[]> bases)
    {
        _scorer ??= new SetScorer(_task.Network.Architecture, _task.Network.Parameterization, _device);
        long before = _scorer.BusyTicks;
        var (loss, accuracy, sparsity) = _scorer.Score(candidate, bases, set, count);
        Interlocked.Add(ref _busyTicks, _scorer.BusyTicks - before);
        return new CandidateResult
        {
            Index = candidate.Index,
            Fitness = _task.AccuracyFitness ? accuracy : -loss,
            Metrics = ClassificationMetrics.Values(loss, accuracy, count, sparsity),
        };
    }

    private void RunShard(Shard shard, GenerationTask task, int first, int count, int examples, CandidateResult[] results, CancellationToken cancellation)
    {
        // The path is a function of each descriptor alone, so a candidate's bits never depend on its neighbours.
        shard.Shared.Clear();
        shard.Direct.Clear();
        for (int c = first; c < first + count; c++)
        {
            (shard.SharedLayer is not null && SharedFirstLayer.Applies(task.Candidates[c], _task.Network.Parameterization) ? shard.Shared : shard.Direct).Add(c);
        }
        if (shard.Direct.Count > 0)
        {
            RunDirect(shard, task, shard.Direct, examples, results, cancellation);
        }
        if (shard.Shared.Count > 0)
        {
            RunShared(shard, task, shard.Shared, examples, results, cancellation);
        }
    }

    private void RunDirect(Shard shard, GenerationTask task, List<int> members, int examples, CandidateResult[] results, CancellationToken cancellation)
    {
        var net = shard.Network;
        for (int j = 0; j < members.Count; j++)
        {
            cancellation.ThrowIfCancellationRequested();
            shard.Sparsity[j] = shard.Loader.Load(task.Candidates[members[j]], task.Bases, net, j);
        }
        long started = Stopwatch.GetTimestamp();
        net.Commit(members.Count);
        _pixels.AsSpan(0, examples * net.Inputs).CopyTo(net.Input);
        net.Forward();
        Score(shard, task, members, 0, examples, results);
        Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
    }

    private void RunShared(Shard shard, GenerationTask task, List<int> members, int examples, CandidateResult[] results, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var net = shard.Network;
        shard.Candidates.Clear();
        foreach (int c in members)
        {
            shard.Candidates.Add(task.Candidates[c]);
            shard.Sparsity[shard.Candidates.Count - 1] = 0;
        }
        int shared = shard.SharedLayer!.Load(shard.Candidates, task.Bases, net, shard.BaseSlot, shard.NoiseSlot, shard.Scale);
        long started = Stopwatch.GetTimestamp();
        net.Commit(shared + members.Count, shared);
        _pixels.AsSpan(0, examples * net.Inputs).CopyTo(net.Input);
        net.ForwardShared(shared, shard.BaseSlot, shard.NoiseSlot, shard.Scale);
        Score(shard, task, members, shared, examples, results);
        Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
    }

    private void Score(Shard shard, GenerationTask task, List<int> members, int firstSlot, int examples, CandidateResult[] results)
    {
        for (int j = 0; j < members.Count; j++)
        {
            var (loss, correct) = shard.Network.Score(firstSlot + j, _labels, examples);
            double accuracy = correct / (double)examples;
            results[members[j]] = new CandidateResult
            {
                Index = task.Candidates[members[j]].Index,
                Fitness = _task.AccuracyFitness ? accuracy : -loss,
                Metrics = ClassificationMetrics.Values(loss, accuracy, examples, shard.Sparsity[j]),
            };
        }
    }

    private void EnsureShards(int shards, int capacity)
    {
        bool fits = _shards.Count >= shards;
        for (int i = 0; fits && i < shards; i++)
        {
            fits = _shards[i].Candidates.Capacity >= capacity;
        }
        if (fits)
        {
            return;
        }
        foreach (var s in _shards)
        {
            s.Dispose();
        }
        _shards.Clear();
        for (int i = 0; i < shards; i++)
        {
            _shards.Add(new Shard(_task, capacity, _task.BatchSize, _device));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _shards)
        {
            s.Dispose();
        }
        _shards.Clear();
        _scorer?.Dispose();
    }

    /// <summary>One thread's batched network, weight loaders and per-candidate buffers.</summary>
    private sealed class Shard : IDisposable
    {
        public Shard(ClassificationTask task, int capacity, int batch, ComputeDevice device)
        {
            var parameterization = task.Network.Parameterization;
            SharedLayer = parameterization is DenseParameterization dense && dense.Architecture.Sizes.Length > 2 ? new SharedFirstLayer(dense) : null;
            int slots = SharedLayer is null ? capacity : SharedFirstLayer.Capacity(capacity);
            Network = new SharedInputMlp(task.Network.Architecture.Sizes, slots, batch, task.Network.Architecture.Activation, device);
            Loader = new WeightLoader(parameterization);
            Candidates = new List<CandidateDescriptor>(capacity);
            Sparsity = new double[capacity];
            BaseSlot = new int[capacity];
            NoiseSlot = new int[capacity];
            Scale = new float[capacity];
        }

        public SharedInputMlp Network { get; }

        public WeightLoader Loader { get; }

        public SharedFirstLayer? SharedLayer { get; }

        public List<int> Shared { get; } = [];

        public List<int> Direct { get; } = [];

        public List<CandidateDescriptor> Candidates { get; }

        public double[] Sparsity { get; }

        public int[] BaseSlot { get; }

        public int[] NoiseSlot { get; }

        public float[] Scale { get; }

        public void Dispose() => Network.Dispose();
    }
}
