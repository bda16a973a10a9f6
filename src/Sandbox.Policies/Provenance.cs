namespace Sandbox.Policies;

/// <summary>Where a policy came from: the resolved run configuration, seed, generation, fitness and physics.</summary>
public sealed record Provenance
{
    /// <summary>The resolved run configuration (JSON).</summary>
    public string Config { get; init; } = "{}";

    /// <summary>Algorithm that produced the policy.</summary>
    public string Algorithm { get; init; } = "";

    /// <summary>Run seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Generation the policy was taken from.</summary>
    public int Generation { get; init; }

    /// <summary>Training fitness (mean return over that generation's episodes).</summary>
    public double Fitness { get; init; }

    /// <summary>Mean return on the run's validation episodes, if measured.</summary>
    public double? ValidationReturn { get; init; }

    /// <summary>Environment steps the run had used when the policy was taken.</summary>
    public long EnvSteps { get; init; }

    /// <summary>Physics behind the environment (e.g. <c>Box2D 2.3.1</c>).</summary>
    public string Physics { get; init; } = "";

    /// <summary>The program that wrote the file.</summary>
    public string Producer { get; init; } = "";
}
