using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Policies.Networks;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class OpenAiEsTests
{
    /// <summary>Ask/tell on f(θ) = −|θ − 0.5|² in 100 dimensions, without any environment.</summary>
    [Fact]
    public void Converges_on_a_100_dimensional_sphere()
    {
        var arch = new MlpArchitecture(100, [], 1, bias: false); // exactly 100 parameters
        var config = new RunConfig
        {
            Algorithm = RunConfig.EsAlgorithm,
            Population = 50,
            Seed = 5,
            Es = new EsConfig { Sigma = 0.05f, LearningRate = 0.05f, WeightDecay = 0, InitScale = 1f },
        };
        var es = new OpenAiEs(config, arch);
        var theta = new float[100];
        double Distance(float[] x) => x.Sum(v => (v - 0.5) * (v - 0.5));
        double initial = Distance(es.Champion);
        for (int g = 0; g < 300; g++)
        {
            var task = es.Plan([0]);
            var results = task.Candidates.Select(c =>
            {
                c.Materialize(task.Bases, theta);
                return new CandidateResult { Index = c.Index, MeanReturn = -Distance(theta), Returns = [], EnvSteps = 0 };
            }).ToArray();
            es.Tell(task, results);
        }
        double final = Distance(es.Champion);
        Assert.True(final < initial * 0.02, $"distance² went from {initial} to {final}");
    }

    [Fact]
    public void Centred_ranks_span_minus_half_to_half_and_ignore_scale()
    {
        var results = new[] { 3.0, -100.0, 7.0, 7.0, 0.5 }
            .Select((f, i) => new CandidateResult { Index = i, MeanReturn = f, Returns = [], EnvSteps = 0 }).ToArray();
        var u = OpenAiEs.CentredRanks(results, results.Length);
        Assert.Equal([0.0, -0.5, 0.25, 0.5, -0.25], u);
    }

    [Fact]
    public void Mirrored_candidates_share_noise_with_opposite_signs()
    {
        var es = new OpenAiEs(new RunConfig { Algorithm = "es", Population = 8 }, new MlpArchitecture(4, [8], 2, true));
        var task = es.Plan([1, 2]);
        Assert.Equal(9, task.Candidates.Count); // 8 + the centre
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(task.Candidates[2 * k].Noise, task.Candidates[2 * k + 1].Noise);
            Assert.Equal(-task.Candidates[2 * k].Scale, task.Candidates[2 * k + 1].Scale);
        }
        Assert.Equal(0f, task.Candidates[8].Scale);
    }
}
