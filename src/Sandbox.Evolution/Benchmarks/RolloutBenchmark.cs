using System.Diagnostics;
using Sandbox.Core.Perturbations;
using Sandbox.Core.Random;
using Sandbox.Core.Spaces;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Networks;
using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace Sandbox.Evolution.Benchmarks;

/// <summary>
/// Measures population-evaluation throughput (env steps per second including the policy forward)
/// on random candidates, and a naive baseline that steps one candidate at a time with its own
/// single-row forward.
/// </summary>
public sealed class RolloutBenchmark(PolicyModel model, int population, int episodes, ComputeDevice device)
{
    /// <summary>
    /// When set, candidates are this search vector plus <see cref="Sigma"/>·ε (a population around an
    /// evolved policy, whose episodes are long); otherwise they are fresh random draws (generation 0).
    /// </summary>
    public float[]? Centre { get; init; }

    /// <summary>Noise scale around <see cref="Centre"/>.</summary>
    public float Sigma { get; init; } = 0.1f;

    /// <summary>Runs generations of fresh random candidates for at least <paramref name="seconds"/> on <paramref name="threads"/> threads.</summary>
    public RolloutBenchmarkResult MeasureBatched(int threads, double seconds)
    {
        using var evaluator = new ControlEvaluator(model, threads, device);
        evaluator.Evaluate(Task(0)); // warm-up: JIT, allocations, libtorch kernels
        evaluator.CollectTimings();
        long steps = 0;
        int generation = 1;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var r in evaluator.Evaluate(Task(generation++)))
            {
                steps += (long)r.Metrics[ControlMetrics.Layout.Work];
            }
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        var timings = evaluator.CollectTimings();
        double threadSeconds = Math.Max(RolloutTimings.Seconds(timings.TotalTicks), 1e-9);
        return new RolloutBenchmarkResult
        {
            Name = $"batched ({population} candidates x {episodes} episodes in lockstep)",
            Threads = threads,
            EnvSteps = steps,
            Seconds = elapsed,
            ForwardShare = RolloutTimings.Seconds(timings.ForwardTicks) / threadSeconds,
            EnvironmentShare = RolloutTimings.Seconds(timings.EnvironmentTicks) / threadSeconds,
            EnvironmentParts = timings.EnvironmentParts.ToDictionary(p => p.Key, p => RolloutTimings.Seconds(p.Value) / threadSeconds),
        };
    }

    /// <summary>One candidate, one episode, one single-row forward per step, for at least <paramref name="seconds"/>.</summary>
    public RolloutBenchmarkResult MeasureNaive(double seconds)
    {
        TorchRuntime.EnsureInitialized();
        var torchDevice = device.Resolve();
        var arch = model.Architecture;
        var theta = new float[model.Parameterization.ParameterCount];
        using var env = model.Environment.CreateVector(1);
        var obs = new float[arch.Inputs];
        var box = model.Environment.ActionSpace as BoxSpace;
        long steps = 0;
        long forwardTicks = 0, envTicks = 0;
        int generation = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var task = Task(generation++);
            for (int c = 0; c < task.Candidates.Count && clock.Elapsed.TotalSeconds < seconds; c++)
            {
                task.Candidates[c].Materialize(task.Bases, theta);
                var layers = new (Tensor W, Tensor B)[arch.Layers];
                for (int l = 0; l < arch.Layers; l++)
                {
                    var w = new float[arch.Sizes[l] * arch.Sizes[l + 1]];
                    var b = new float[arch.Sizes[l + 1]];
                    model.Parameterization.WriteLayer(theta, l, w, b);
                    layers[l] = (torch.tensor(w, [arch.Sizes[l], arch.Sizes[l + 1]], device: torchDevice), torch.tensor(b, device: torchDevice));
                }
                for (int e = 0; e < episodes; e++)
                {
                    env.Reset(0, task.Context.Seeds[e]);
                    bool done = false;
                    while (!done)
                    {
                        long f0 = Stopwatch.GetTimestamp();
                        env.Observations[..arch.Inputs].CopyTo(obs);
                        using (var scope = NewDisposeScope())
                        {
                            var x = torch.tensor(obs, [1, arch.Inputs], device: torchDevice);
                            for (int l = 0; l < arch.Layers; l++)
                            {
                                x = x.matmul(layers[l].W) + layers[l].B;
                                if (l < arch.Layers - 1)
                                {
                                    x = x.tanh();
                                }
                            }
                            if (box is null)
                            {
                                env.DiscreteActions[0] = (int)x.argmax(-1).cpu().item<long>();
                            }
                            else
                            {
                                var squashed = x.tanh().cpu().data<float>().ToArray();
                                ActionMapping.ToBox(squashed, box, env.ContinuousActions);
                            }
                        }
                        long e0 = Stopwatch.GetTimestamp();
                        env.Step([0]);
                        long e1 = Stopwatch.GetTimestamp();
                        forwardTicks += e0 - f0;
                        envTicks += e1 - e0;
                        steps++;
                        done = env.Terminated[0] || env.Truncated[0];
                    }
                }
                foreach (var (w, b) in layers)
                {
                    w.Dispose();
                    b.Dispose();
                }
            }
        }
        double elapsed = clock.Elapsed.TotalSeconds;
        return new RolloutBenchmarkResult
        {
            Name = "naive (one candidate, one episode, one forward per step)",
            Threads = 1,
            EnvSteps = steps,
            Seconds = elapsed,
            ForwardShare = RolloutTimings.Seconds(forwardTicks) / elapsed,
            EnvironmentShare = RolloutTimings.Seconds(envTicks) / elapsed,
        };
    }

    private GenerationTask Task(int generation)
    {
        const ulong BenchSeed = 20261123;
        var candidates = new CandidateDescriptor[population];
        for (int c = 0; c < population; c++)
        {
            var noise = new NoiseKey(BenchSeed, NoiseKey.SearchStream, (uint)generation, (uint)c);
            candidates[c] = Centre is null ? CandidateDescriptor.Perturbed(c, -1, noise, 1f) : CandidateDescriptor.Perturbed(c, 0, noise, Sigma);
        }
        var seeds = new long[episodes];
        for (int e = 0; e < episodes; e++)
        {
            seeds[e] = SeedMixer.EpisodeSeed(BenchSeed, generation, e);
        }
        return new GenerationTask { Generation = generation, Bases = Centre is null ? [] : [Centre], Context = new EvaluationContext(seeds), Candidates = candidates };
    }
}
