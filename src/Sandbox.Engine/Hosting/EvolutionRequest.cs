using Sandbox.Evolution.Configuration;

namespace Sandbox.Engine.Hosting;

/// <summary>What the host is asked to run: a new run from a config, or a run directory to resume.</summary>
public sealed record EvolutionRequest
{
    /// <summary>The resolved config (ignored when resuming: the run directory's config is used).</summary>
    public RunConfig? Config { get; init; }

    /// <summary>The run directory (created for a new run; must hold a checkpoint when resuming).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Continue the run in <see cref="RunDirectory"/> from its checkpoint.</summary>
    public bool Resume { get; init; }

    /// <summary>Execution settings applied when resuming (thread count); never results.</summary>
    public int? Threads { get; init; }
}
