using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class SupermaskEvolutionTests
{
    private static readonly EvaluationContext Context = new([1]);

    private static (double[] Fitness, float[][] Vectors) Score(GenerationTask task, Func<float[], double> fitness, int n)
    {
        var vectors = task.Candidates.Select(c =>
        {
            var theta = new float[n];
            c.Materialize(task.Bases, theta);
            return theta;
        }).ToArray();
        return (vectors.Select(fitness).ToArray(), vectors);
    }

    [Fact]
    public void Elites_are_the_top_k_and_are_carried_over_unchanged()
    {
        var config = new RunConfig { Population = 20, Supermask = new SupermaskConfig { Elites = 3 } };
        var algo = new SupermaskEvolution(config, SearchSpace.Flat(50));
        var task = algo.Plan(Context);
        var (fitness, vectors) = Score(task, t => t[0], 50);
        algo.Tell(task, fitness);
        var bestThree = Enumerable.Range(0, fitness.Length).OrderByDescending(i => fitness[i]).ThenBy(i => i).Take(3).ToArray();
        Assert.Equal(bestThree.Select(i => vectors[i]), algo.Elites);

        // The next generation's first three candidates are exactly the elite vectors; the rest are perturbed children.
        var next = algo.Plan(Context);
        var (_, nextVectors) = Score(next, t => 0, 50);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(vectors[bestThree[i]], nextVectors[i]);
        }
        for (int c = 3; c < next.Candidates.Count; c++)
        {
            Assert.InRange(next.Candidates[c].Parent, 0, 2);
            Assert.NotEqual(algo.Elites[next.Candidates[c].Parent], nextVectors[c]);
        }
    }

    [Fact]
    public void Without_keeping_elites_every_child_is_perturbed()
    {
        var config = new RunConfig { Population = 10, Supermask = new SupermaskConfig { Elites = 2, KeepElites = false } };
        var algo = new SupermaskEvolution(config, SearchSpace.Flat(10));
        var task = algo.Plan(Context);
        algo.Tell(task, Score(task, t => t.Sum(), 10).Fitness);
        var next = algo.Plan(Context);
        var (_, vectors) = Score(next, t => 0, 10);
        for (int c = 0; c < vectors.Length; c++)
        {
            Assert.NotEqual(algo.Elites[next.Candidates[c].Parent], vectors[c]);
        }
    }

    [Fact]
    public void Children_choose_every_elite_as_parent_across_generations()
    {
        var config = new RunConfig { Population = 64, Seed = 9, Supermask = new SupermaskConfig { Elites = 4 } };
        var algo = new SupermaskEvolution(config, SearchSpace.Flat(8));
        var parents = new int[4];
        for (int g = 0; g < 6; g++)
        {
            var task = algo.Plan(Context);
            if (g > 0)
            {
                foreach (var c in task.Candidates.Skip(4))
                {
                    parents[c.Parent]++;
                }
            }
            algo.Tell(task, Score(task, t => t[0], 8).Fitness);
        }
        Assert.All(parents, count => Assert.InRange(count, 40, 110)); // 300 picks over 4 elites: about 75 each
    }

    [Fact]
    public void Improves_a_simple_score_function()
    {
        var config = new RunConfig { Population = 32, Seed = 4, Supermask = new SupermaskConfig { Elites = 4, Sigma = 0.5f } };
        var algo = new SupermaskEvolution(config, SearchSpace.Flat(64));
        double first = 0, last = 0;
        for (int g = 0; g < 40; g++)
        {
            var task = algo.Plan(Context);
            var outcome = algo.Tell(task, Score(task, t => t.Count(v => v > 0), 64).Fitness);
            if (g == 0)
            {
                first = outcome.Elite;
            }
            last = outcome.Elite;
        }
        Assert.True(last > first + 10, $"elite fitness went from {first} to {last}");
    }
}
