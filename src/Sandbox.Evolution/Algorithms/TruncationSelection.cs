using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// The selection step of the population methods that breed from their best candidates (supermask, GA): the
/// best <c>keep</c> candidates, materialised from their descriptors, become the next generation's bases.
/// </summary>
internal static class TruncationSelection
{
    /// <summary>
    /// The best <paramref name="keep"/> of the first <paramref name="count"/> candidates, best first, each as its
    /// <paramref name="parameters"/> values, and the generation's outcome (elite = their mean fitness).
    /// </summary>
    public static (float[][] Kept, GenerationOutcome Outcome) Select(GenerationTask task, IReadOnlyList<double> fitness, int count, int keep, int parameters, int generation)
    {
        var order = FitnessRanking.Descending(fitness, count);
        keep = Math.Min(keep, count);
        var kept = new float[keep][];
        double sum = 0;
        for (int i = 0; i < keep; i++)
        {
            kept[i] = new float[parameters];
            task.Candidates[order[i]].Materialize(task.Bases, kept[i]);
            sum += fitness[order[i]];
        }
        var (mean, best) = FitnessRanking.Summary(fitness, count);
        var outcome = new GenerationOutcome
        {
            Generation = generation,
            Best = best,
            Mean = mean,
            Elite = sum / keep,
            ChampionFitness = fitness[order[0]],
            ChampionIndex = order[0],
        };
        return (kept, outcome);
    }
}
