using Sandbox.Policies.Normalization;

namespace Sandbox.Evolution.Evaluation;

/// <summary>
/// The work of one generation: the base vectors candidates derive from (elites, or the ES centre),
/// the episode seeds every candidate is evaluated on, the frozen observation normaliser, and the
/// candidates themselves.
/// </summary>
public sealed record GenerationTask
{
    /// <summary>Generation number.</summary>
    public required int Generation { get; init; }

    /// <summary>Base vectors indexed by <see cref="CandidateDescriptor.Parent"/>.</summary>
    public required IReadOnlyList<float[]> Bases { get; init; }

    /// <summary>Episode seeds, shared by all candidates (common random numbers make ranking fairer).</summary>
    public required long[] EpisodeSeeds { get; init; }

    /// <summary>The candidates.</summary>
    public required IReadOnlyList<CandidateDescriptor> Candidates { get; init; }

    /// <summary>Observation normalisation applied before the network, if any.</summary>
    public ObservationNormalizer? Normalizer { get; init; }

    /// <summary>Whether to return raw observation statistics with each result.</summary>
    public bool CollectObservationStatistics { get; init; }
}
