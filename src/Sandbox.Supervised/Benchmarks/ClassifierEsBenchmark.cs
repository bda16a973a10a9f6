using System.Diagnostics;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Classification;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Benchmarks;

/// <summary>
/// The whole evolution loop on a classification task in one process — plan, evaluate every candidate on the
/// generation's minibatch, tell — timed per phase, the way a single-process PyTorch reference loop is timed.
/// </summary>
public static class ClassifierEsBenchmark
{
    /// <summary>Runs <paramref name="warmup"/> untimed generations, then <paramref name="generations"/> timed ones on <paramref name="threads"/> threads.</summary>
    public static ClassifierEsBenchmarkResult Run(RunConfig config, ClassificationTask task, int threads, int warmup, int generations)
    {
        var algorithm = AlgorithmRegistry.Create(config, task.Space);
        using var evaluator = (ClassificationEvaluator)task.CreateEvaluator(threads, ComputeDevice.Cpu);
        long plan = 0, evaluate = 0, tell = 0, candidates = 0, samples = 0;
        for (int g = 0; g < warmup + generations; g++)
        {
            if (g == warmup)
            {
                evaluator.TakeBusySeconds();
            }
            long t0 = Stopwatch.GetTimestamp();
            var generation = algorithm.Plan(task.TrainingContext(g));
            long t1 = Stopwatch.GetTimestamp();
            var results = evaluator.Evaluate(generation);
            long t2 = Stopwatch.GetTimestamp();
            var fitness = new double[results.Length];
            for (int i = 0; i < results.Length; i++)
            {
                fitness[i] = results[i].Fitness;
            }
            algorithm.Tell(generation, fitness);
            task.Commit(results);
            long t3 = Stopwatch.GetTimestamp();
            if (g >= warmup)
            {
                plan += t1 - t0;
                evaluate += t2 - t1;
                tell += t3 - t2;
                candidates += results.Length;
                samples += (long)results.Length * task.BatchSize;
            }
        }
        double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        double wall = Seconds(plan + evaluate + tell);
        return new ClassifierEsBenchmarkResult
        {
            Threads = threads,
            Generations = generations,
            WallSeconds = wall,
            Candidates = candidates,
            Samples = samples,
            PlanShare = Seconds(plan) / wall,
            EvaluateShare = Seconds(evaluate) / wall,
            TellShare = Seconds(tell) / wall,
            ForwardShare = Math.Min(1, evaluator.TakeBusySeconds() / (wall * threads)),
        };
    }
}
