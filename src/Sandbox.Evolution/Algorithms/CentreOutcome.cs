namespace Sandbox.Evolution.Algorithms;

/// <summary>The outcome of a distribution method whose centre is evaluated as the extra candidate after the population.</summary>
internal static class CentreOutcome
{
    /// <summary>Best and mean over the population; the centre (index <paramref name="population"/>) is the champion.</summary>
    public static GenerationOutcome Of(int generation, IReadOnlyList<double> fitness, int population)
    {
        var (mean, best) = FitnessRanking.Summary(fitness, population);
        return new GenerationOutcome
        {
            Generation = generation,
            Best = best,
            Mean = mean,
            Elite = fitness[population],
            ChampionFitness = fitness[population],
            ChampionIndex = population,
        };
    }

    /// <summary>Throws unless <paramref name="fitness"/> answers <paramref name="task"/> of generation <paramref name="generation"/>.</summary>
    public static void Check(Tasks.GenerationTask task, IReadOnlyList<double> fitness, int generation, int candidates)
    {
        if (task.Generation != generation || fitness.Count != candidates || task.Candidates.Count != candidates)
        {
            throw new ArgumentException("results do not belong to the planned generation");
        }
    }
}
