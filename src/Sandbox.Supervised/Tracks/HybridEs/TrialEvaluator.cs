using System.Diagnostics;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Scores Hybrid-ES trials for a <see cref="HybridEsTask"/>: for candidate k of stochastic iteration i (the context's
/// seed), the replica first replays any full steps it has not taken, then regenerates ε_k from (run seed, i, k) and
/// scores θ − α(g + ε_k) on i's minibatch, one trial per product on one intra-op thread, so a cost does not depend on
/// which batch or process it ran in. Fitness −cost; metrics cross-entropy, correct, samples; statistics the replica's
/// digest.
/// </summary>
internal sealed class TrialEvaluator : ITaskEvaluator
{
    private readonly HybridEsTask _task;
    private readonly MinibatchLoader _loader;
    private readonly Tensor _noise;
    private double _busySeconds;

    public TrialEvaluator(HybridEsTask task)
    {
        _task = task;
        _loader = new MinibatchLoader(task.Data.Train, task.Config.BatchSize, task.Config.Seed);
        _noise = zeros(task.Network.ParameterCount);
    }

    public CandidateResult[] Evaluate(GenerationTask generation, CancellationToken cancellation = default)
    {
        long iteration = generation.Context.Seeds is [long i] ? i : -1;
        if (iteration < 0 || _task.IterationOf(generation.Generation) != iteration)
        {
            throw new InvalidOperationException($"generation {generation.Generation} is not stochastic iteration {iteration}");
        }
        long started = Stopwatch.GetTimestamp();
        _task.CatchUp(iteration);
        using var threads = Threads.Use(1);
        _task.Load(_loader, iteration);
        double digest = _task.Digest();
        var config = _task.Config;
        double alpha = config.LearningRate;
        var results = new CandidateResult[generation.Candidates.Count];
        using (no_grad())
        {
            for (int n = 0; n < results.Length; n++)
            {
                cancellation.ThrowIfCancellationRequested();
                int k = generation.Candidates[n].Index;
                if ((uint)k >= (uint)config.Trials)
                {
                    throw new InvalidOperationException($"trial {k} of {config.Trials}");
                }
                using var scope = NewDisposeScope();
                HybridEsNetwork.FillNoise(TensorCopy.Floats(_noise), config.Seed, iteration, k, _task.NoiseStd);
                var stepped = _task.Theta - alpha * _task.Gradient;
                var trial = stepped.unsqueeze(0) - alpha * _noise.unsqueeze(0);
                var (cost, crossEntropy, logits) = _task.Network.Costs(trial, _loader.Images, _loader.Labels, config.WeightDecay);
                results[n] = new CandidateResult
                {
                    Index = k,
                    Fitness = -cost[0].item<float>(),
                    Metrics = [crossEntropy[0].item<float>(), logits[0].argmax(1).eq(_loader.Labels).sum().item<long>(), config.BatchSize],
                    Statistics = [digest],
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

    public void Dispose()
    {
        _loader.Dispose();
        _noise.Dispose();
    }
}
