using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Tests.Algorithms;

/// <summary>The benchmark functions of the ES literature (minimised; every one has its minimum 0), and an ask/tell driver.</summary>
internal static class StandardFunctions
{
    public static double Sphere(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
        }
        return sum;
    }

    public static double Rosenbrock(ReadOnlySpan<float> x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = (double)x[i] * x[i] - x[i + 1], b = x[i] - 1.0;
            sum += 100 * a * a + b * b;
        }
        return sum;
    }

    public static double Rastrigin(ReadOnlySpan<float> x)
    {
        double sum = 10.0 * x.Length;
        foreach (float v in x)
        {
            sum += (double)v * v - 10 * Math.Cos(2 * Math.PI * v);
        }
        return sum;
    }

    /// <summary>Runs <paramref name="config"/> on f in <paramref name="dimensions"/> flat dimensions for at most <paramref name="evaluations"/> evaluations; returns the lowest f seen and the evaluations used.</summary>
    public static (double Best, long Evaluations) Minimise(RunConfig config, int dimensions, Func<float[], double> f, long evaluations, double stopBelow = 0)
    {
        var algorithm = AlgorithmRegistry.Create(config, SearchSpace.Flat(dimensions));
        var theta = new float[dimensions];
        double best = double.PositiveInfinity;
        long used = 0;
        var context = new EvaluationContext([0]);
        while (used < evaluations && best > stopBelow)
        {
            var task = algorithm.Plan(context);
            var fitness = new double[task.Candidates.Count];
            for (int c = 0; c < fitness.Length; c++)
            {
                task.Candidates[c].Materialize(task.Bases, theta);
                double value = f(theta);
                best = Math.Min(best, value);
                fitness[c] = -value;
            }
            used += fitness.Length;
            algorithm.Tell(task, fitness);
        }
        return (best, used);
    }
}
