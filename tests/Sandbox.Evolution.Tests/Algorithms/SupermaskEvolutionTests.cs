using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class SupermaskEvolutionTests
{
    private static CandidateResult[] Score(GenerationTask task, Func<float[], double> fitness, int n)
    {
        var theta = new float[n];
        return task.Candidates.Select(c =>
        {
            c.Materialize(task.Bases, theta);
            return new CandidateResult { Index = c.Index, MeanReturn = fitness(theta), Returns = [], EnvSteps = 0 };
        }).ToArray();
    }

    [Fact]
    public void Elites_are_the_top_k_and_are_carried_over_unchanged()
    {
        var config = new RunConfig { Population = 20, Supermask = new SupermaskConfig { Elites = 3 } };
        var algo = new SupermaskEvolution(config, 50);
        var task = algo.Plan([1]);
        var results = Score(task, t => t[0], 50);
        algo.Tell(task, results);
        var best = results.OrderByDescending(r => r.MeanReturn).Take(3).Select(r => r.MeanReturn).ToArray();
        Assert.Equal(best, algo.Elites.Select(e => (double)e[0]).ToArray());
        var next = algo.Plan([2]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i, next.Candidates[i].Parent);
            Assert.Equal(0f, next.Candidates[i].Scale);
        }
        Assert.All(next.Candidates.Skip(3), c => Assert.InRange(c.Parent, 0, 2));
    }

    [Fact]
    public void Without_keeping_elites_every_child_is_perturbed()
    {
        var config = new RunConfig { Population = 10, Supermask = new SupermaskConfig { Elites = 2, KeepElites = false } };
        var algo = new SupermaskEvolution(config, 10);
        var task = algo.Plan([1]);
        algo.Tell(task, Score(task, t => t.Sum(), 10));
        Assert.All(algo.Plan([2]).Candidates, c => Assert.NotEqual(0f, c.Scale));
    }

    [Fact]
    public void Improves_a_simple_score_function()
    {
        var config = new RunConfig { Population = 32, Seed = 4, Supermask = new SupermaskConfig { Elites = 4, Sigma = 0.5f } };
        var algo = new SupermaskEvolution(config, 64);
        double first = 0, last = 0;
        for (int g = 0; g < 40; g++)
        {
            var task = algo.Plan([1]);
            var outcome = algo.Tell(task, Score(task, t => t.Count(v => v > 0), 64));
            if (g == 0)
            {
                first = outcome.Elite;
            }
            last = outcome.Elite;
        }
        Assert.True(last > first + 10, $"elite fitness went from {first} to {last}");
    }
}
