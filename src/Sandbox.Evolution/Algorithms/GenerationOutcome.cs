namespace Sandbox.Evolution.Algorithms;

/// <summary>Fitness figures of one finished generation.</summary>
public sealed record GenerationOutcome
{
    /// <summary>Generation number.</summary>
    public required int Generation { get; init; }

    /// <summary>Best candidate fitness.</summary>
    public required double Best { get; init; }

    /// <summary>Mean candidate fitness.</summary>
    public required double Mean { get; init; }

    /// <summary>Mean fitness of the elites (supermask) or the centre's fitness (ES).</summary>
    public required double Elite { get; init; }

    /// <summary>Fitness of the champion in this generation.</summary>
    public required double ChampionFitness { get; init; }

    /// <summary>Sparsity of the champion's network.</summary>
    public required double ChampionSparsity { get; init; }
}
