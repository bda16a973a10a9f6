using Sandbox.Evolution.Candidates;

namespace Sandbox.Evolution.Tasks;

/// <summary>
/// The work of one generation: the base vectors candidates derive from (elites, a centre), the
/// candidates themselves, and the context every candidate is evaluated on.
/// </summary>
public sealed record GenerationTask
{
    /// <summary>Generation number.</summary>
    public required int Generation { get; init; }

    /// <summary>Base vectors indexed by <see cref="CandidateDescriptor.Parent"/>.</summary>
    public required IReadOnlyList<float[]> Bases { get; init; }

    /// <summary>What all candidates are evaluated on.</summary>
    public required EvaluationContext Context { get; init; }

    /// <summary>The candidates.</summary>
    public required IReadOnlyList<CandidateDescriptor> Candidates { get; init; }
}
