namespace Sandbox.Evolution.Algorithms;

/// <summary>Deterministic orderings and shapings of a generation's fitnesses, shared by the algorithms.</summary>
public static class FitnessRanking
{
    /// <summary>Indices of the first <paramref name="count"/> fitnesses, best first; ties go to the lower index.</summary>
    public static int[] Descending(IReadOnlyList<double> fitness, int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            int byFitness = fitness[b].CompareTo(fitness[a]);
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>OpenAI-ES fitness shaping of the first <paramref name="count"/> fitnesses: ranks scaled to [−0.5, 0.5], ties broken by index.</summary>
    public static double[] CentredRanks(IReadOnlyList<double> fitness, int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        // Ascending, ties to the lower index first: among equal fitnesses the later candidate ranks higher.
        Array.Sort(order, (a, b) =>
        {
            int byFitness = fitness[a].CompareTo(fitness[b]);
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        });
        var utilities = new double[count];
        for (int rank = 0; rank < count; rank++)
        {
            utilities[order[rank]] = count == 1 ? 0 : rank / (double)(count - 1) - 0.5;
        }
        return utilities;
    }

    /// <summary>Mean and maximum of the first <paramref name="count"/> fitnesses.</summary>
    public static (double Mean, double Best) Summary(IReadOnlyList<double> fitness, int count)
    {
        double best = double.NegativeInfinity, sum = 0;
        for (int i = 0; i < count; i++)
        {
            best = Math.Max(best, fitness[i]);
            sum += fitness[i];
        }
        return (sum / count, best);
    }
}
