using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// A population method in ask/tell form over a <see cref="SearchSpace"/>: <see cref="Plan"/> describes a
/// generation's candidates as seeds and scalars, <see cref="Tell"/> updates the state from their fitnesses.
/// The state changes only through <see cref="Tell"/>, deterministically, so any process that sees the same
/// fitnesses holds the same state. Algorithms see fitness only, never the task's metrics.
/// </summary>
public interface IEvolutionAlgorithm
{
    /// <summary>Registry name, recorded in provenance.</summary>
    string Name { get; }

    /// <summary>The generation the next <see cref="Plan"/> describes.</summary>
    int Generation { get; }

    /// <summary>Describes the next generation, evaluated on <paramref name="context"/>.</summary>
    GenerationTask Plan(EvaluationContext context);

    /// <summary>Updates the state with the fitness of every candidate of <paramref name="task"/> (in candidate order).</summary>
    GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness);

    /// <summary>The current champion: the best elite, or the distribution's centre.</summary>
    float[] Champion { get; }

    /// <summary>The whole state (generation included) as bytes, for checkpoints and worker replicas.</summary>
    byte[] ExportState();

    /// <summary>Replaces the state with one from <see cref="ExportState"/> of the same configuration.</summary>
    /// <exception cref="InvalidDataException">The state does not fit this configuration.</exception>
    void ImportState(byte[] state);
}
