using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class OpenAiEsTests
{
    private static readonly EvaluationContext Context = new([0]);

    /// <summary>100 parameters in one layer of fan-in 100 (so the initial centre is N(0, 1/100)).</summary>
    private static readonly SearchSpace Space = new(100, [new ParameterSegment(0, 100, 0, 100, false)]);

    /// <summary>Ask/tell on f(θ) = −|θ − 0.5|² in 100 dimensions, without any environment.</summary>
    [Fact]
    public void Converges_on_a_100_dimensional_sphere()
    {
        var config = new RunConfig
        {
            Algorithm = OpenAiEs.AlgorithmName,
            Population = 50,
            Seed = 5,
            Es = new EsConfig { Sigma = 0.05f, LearningRate = 0.05f, WeightDecay = 0, InitScale = 1f },
        };
        var es = new OpenAiEs(config, Space);
        var theta = new float[100];
        double Distance(float[] x) => x.Sum(v => (v - 0.5) * (v - 0.5));
        double initial = Distance(es.Champion);
        for (int g = 0; g < 300; g++)
        {
            var task = es.Plan(Context);
            var fitness = task.Candidates.Select(c =>
            {
                c.Materialize(task.Bases, theta);
                return -Distance(theta);
            }).ToArray();
            es.Tell(task, fitness);
        }
        double final = Distance(es.Champion);
        Assert.True(final < initial * 0.02, $"distance² went from {initial} to {final}");
    }

    [Fact]
    public void Centred_ranks_span_minus_half_to_half_and_ignore_scale()
    {
        double[] fitness = [3.0, -100.0, 7.0, 7.0, 0.5];
        var u = FitnessRanking.CentredRanks(fitness, fitness.Length);
        Assert.Equal([0.0, -0.5, 0.25, 0.5, -0.25], u);
    }

    [Fact]
    public void Mirrored_candidates_share_noise_with_opposite_signs()
    {
        var es = new OpenAiEs(new RunConfig { Algorithm = "es", Population = 8 }, SearchSpace.Flat(50));
        var task = es.Plan(Context);
        Assert.Equal(9, task.Candidates.Count); // 8 + the centre
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(task.Candidates[2 * k].Direction.Key, task.Candidates[2 * k + 1].Direction.Key);
            Assert.Equal(-task.Candidates[2 * k].Direction.Scale, task.Candidates[2 * k + 1].Direction.Scale);
        }
        Assert.Empty(task.Candidates[8].Terms);
    }
}
