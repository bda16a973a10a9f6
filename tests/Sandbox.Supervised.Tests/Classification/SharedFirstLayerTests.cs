using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Classification;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tests.Classification;

public sealed class SharedFirstLayerTests
{
    private static RunConfig Config() => new()
    {
        Task = RunConfig.ClassificationTask,
        Algorithm = "es",
        Seed = 11,
        Population = 16,
        Policy = new PolicyConfig { Hidden = [12, 8], Activation = "tanh" },
        Classification = new ClassificationConfig { BatchSize = 64, ValidationExamples = 200 },
        Es = new EsConfig { Sigma = 0.1f, LearningRate = 0.05f, WeightDecay = 0 },
    };

    private static GenerationTask Subset(GenerationTask generation, params int[] members) => new()
    {
        Generation = generation.Generation,
        Bases = generation.Bases,
        Context = generation.Context,
        Candidates = members.Select(m => generation.Candidates[m]).ToArray(),
    };

    [Fact]
    public void Candidates_through_the_shared_first_layer_score_as_their_full_forward_within_float_tolerance()
    {
        using var task = new ClassificationTask(Config(), SyntheticData.Quadrants());
        var generation = AlgorithmRegistry.Create(Config(), task.Space).Plan(task.TrainingContext(2));
        Assert.All(generation.Candidates, c => Assert.True(SharedFirstLayer.Applies(c, task.Network.Parameterization)));
        // A zero sparse change leaves θ as it is but sends the candidate down the full per-candidate forward.
        var full = new GenerationTask
        {
            Generation = generation.Generation,
            Bases = generation.Bases,
            Context = generation.Context,
            Candidates = generation.Candidates.Select(c => new CandidateDescriptor(c.Index, c.Parent, c.Terms, sparse: [new SparseDelta(0, 0f)])).ToArray(),
        };
        Assert.All(full.Candidates, c => Assert.False(SharedFirstLayer.Applies(c, task.Network.Parameterization)));
        using var evaluator = task.CreateEvaluator(1, ComputeDevice.Cpu);

        var shared = evaluator.Evaluate(generation, TestContext.Current.CancellationToken);
        var direct = evaluator.Evaluate(full, TestContext.Current.CancellationToken);

        for (int c = 0; c < shared.Length; c++)
        {
            Assert.Equal(direct[c].Fitness, shared[c].Fitness, 4);
            Assert.Equal(direct[c].Metrics[ClassificationMetrics.Layout.Validation], shared[c].Metrics[ClassificationMetrics.Layout.Validation], 2);
        }
        Assert.True(shared.Select(r => r.Fitness).Distinct().Count() > shared.Length / 2, "perturbed candidates should differ");
    }

    [Fact]
    public void A_candidate_scores_the_same_bits_whichever_candidates_share_its_batch()
    {
        using var task = new ClassificationTask(Config(), SyntheticData.Quadrants());
        var generation = AlgorithmRegistry.Create(Config(), task.Space).Plan(task.TrainingContext(4));
        using var evaluator = task.CreateEvaluator(2, ComputeDevice.Cpu);
        var all = evaluator.Evaluate(generation, TestContext.Current.CancellationToken);

        // Candidate 5 without its mirror partner 4, alone, and among others; the centre (16) alone.
        foreach (int[] members in new[] { new[] { 5 }, new[] { 5, 6, 7, 16 }, new[] { 16 }, new[] { 3, 1, 0 } })
        {
            var part = evaluator.Evaluate(Subset(generation, members), TestContext.Current.CancellationToken);
            for (int i = 0; i < members.Length; i++)
            {
                Assert.Equal(all[members[i]].Index, part[i].Index);
                Assert.Equal(all[members[i]].Fitness, part[i].Fitness);
                Assert.Equal(all[members[i]].Metrics, part[i].Metrics);
            }
        }
    }
}
