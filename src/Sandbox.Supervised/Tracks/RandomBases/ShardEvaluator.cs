using System.Diagnostics;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// Computes workers' coordinates for a <see cref="ShardedRandomBasesTask"/>: for candidate k of step t, the gradient
/// at the task's θ on the k-th part of step t's minibatch (autograd, one intra-op thread) and its coordinates in
/// worker k's base (fused generate-and-dot, one thread). Fitness −loss; metrics loss, correct, samples.
/// </summary>
internal sealed class ShardEvaluator : ITaskEvaluator
{
    private readonly ShardedRandomBasesTask _task;
    private readonly MinibatchLoader _loader;
    private readonly GeneratedBasis[] _bases;
    private readonly float[] _coordinates;
    private readonly int _shardSize;
    private double _busySeconds;

    public ShardEvaluator(ShardedRandomBasesTask task)
    {
        _task = task;
        var config = task.Config;
        _loader = new MinibatchLoader(task.Data.Train, config.BatchSize, config.Seed);
        _bases = [.. Enumerable.Range(0, config.Shards).Select(k => task.Basis(k, threads: 1))];
        _coordinates = new float[config.Directions];
        _shardSize = config.BatchSize / config.Shards;
    }

    public CandidateResult[] Evaluate(GenerationTask generation, CancellationToken cancellation = default)
    {
        if (generation.Generation != _task.Step)
        {
            throw new InvalidOperationException($"step {generation.Generation} asked of a task at step {_task.Step}");
        }
        long started = Stopwatch.GetTimestamp();
        using var threads = Threads.Use(1);
        long step = _task.Step;
        _loader.Load((int)(step / _loader.BatchesPerEpoch), (int)(step % _loader.BatchesPerEpoch));
        var results = new CandidateResult[generation.Candidates.Count];
        for (int i = 0; i < results.Length; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            int k = generation.Candidates[i].Index;
            using var scope = NewDisposeScope();
            var leaf = TensorCopy.FromSpan(_task.Theta, _task.Theta.Length).requires_grad_(true);
            var images = _loader.Images.narrow(0, k * _shardSize, _shardSize);
            var labels = _loader.Labels.narrow(0, k * _shardSize, _shardSize);
            var logits = _task.Network.Logits(leaf, images);
            var loss = F.cross_entropy(logits, labels);
            loss.backward();
            using (no_grad())
            {
                var gradient = leaf.grad!.contiguous();
                _bases[k].Generation = (uint)step;
                _bases[k].Coordinates(TensorCopy.Floats(gradient), _coordinates);
                double value = loss.item<float>();
                results[i] = new CandidateResult
                {
                    Index = k,
                    Fitness = -value,
                    Metrics = [value, logits.argmax(1).eq(labels).sum().item<long>(), _shardSize],
                    Statistics = Array.ConvertAll(_coordinates, c => (double)c),
                };
            }
        }
        _busySeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        return results;
    }

    public double TakeBusySeconds()
    {
        double seconds = _busySeconds;
        _busySeconds = 0;
        return seconds;
    }

    public void Dispose() => _loader.Dispose();
}
