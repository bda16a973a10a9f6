namespace Sandbox.Evolution.Tasks;

/// <summary>Where a saved champion came from; stored in its file.</summary>
public sealed record ArtifactProvenance
{
    /// <summary>The resolved run configuration (JSON).</summary>
    public required string Config { get; init; }

    /// <summary>Algorithm name.</summary>
    public required string Algorithm { get; init; }

    /// <summary>Run seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Generation the champion was taken from.</summary>
    public required int Generation { get; init; }

    /// <summary>Its training fitness.</summary>
    public required double Fitness { get; init; }

    /// <summary>Its validation score, if measured.</summary>
    public double? Validation { get; init; }

    /// <summary>Work done by the run so far (environment steps, samples).</summary>
    public required long Work { get; init; }

    /// <summary>The program that wrote the file.</summary>
    public required string Producer { get; init; }
}
