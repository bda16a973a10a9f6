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

    /// <summary>Mean fitness of the elites, or the centre's fitness for distribution methods.</summary>
    public required double Elite { get; init; }

    /// <summary>Fitness of the champion in this generation.</summary>
    public required double ChampionFitness { get; init; }

    /// <summary>The candidate that is (or evaluated) the champion this generation; its metrics describe the champion.</summary>
    public required int ChampionIndex { get; init; }
}
