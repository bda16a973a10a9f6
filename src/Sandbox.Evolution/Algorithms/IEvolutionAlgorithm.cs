using Sandbox.Evolution.Evaluation;
using Sandbox.Policies.Normalization;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// A population method in ask/tell form: <see cref="Plan"/> describes a generation's candidates
/// as seeds and scalars, <see cref="Tell"/> updates the state from their results. The state changes
/// only through <see cref="Tell"/>, deterministically, so any process that sees the same results
/// holds the same state.
/// </summary>
public interface IEvolutionAlgorithm
{
    /// <summary>Name recorded in provenance.</summary>
    string Name { get; }

    /// <summary>The generation the next <see cref="Plan"/> describes.</summary>
    int Generation { get; }

    /// <summary>Describes the next generation, evaluated on <paramref name="episodeSeeds"/>.</summary>
    GenerationTask Plan(long[] episodeSeeds);

    /// <summary>Updates the state with the results of <paramref name="task"/>.</summary>
    GenerationOutcome Tell(GenerationTask task, IReadOnlyList<CandidateResult> results);

    /// <summary>The current champion: the best elite, or the ES centre.</summary>
    float[] Champion { get; }

    /// <summary>Observation normalisation the champion runs with, if any.</summary>
    ObservationNormalizer? Normalizer { get; }

    /// <summary>The whole state (generation included) as bytes, for checkpoints and worker replicas.</summary>
    byte[] ExportState();

    /// <summary>Replaces the state with one from <see cref="ExportState"/> of the same configuration.</summary>
    void ImportState(byte[] state);
}
