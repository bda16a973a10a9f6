namespace Sandbox.Evolution.Benchmarks;

/// <summary>Throughput of one benchmark configuration.</summary>
public sealed record RolloutBenchmarkResult
{
    /// <summary>What was measured, e.g. <c>batched, 2 threads</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Threads (cores) used.</summary>
    public required int Threads { get; init; }

    /// <summary>Environment steps taken.</summary>
    public required long EnvSteps { get; init; }

    /// <summary>Wall seconds.</summary>
    public required double Seconds { get; init; }

    /// <summary>Environment steps per second (policy forward included).</summary>
    public double StepsPerSecond => EnvSteps / Seconds;

    /// <summary>Steps per second per thread.</summary>
    public double StepsPerSecondPerCore => StepsPerSecond / Threads;

    /// <summary>Share of thread time in the policy forward.</summary>
    public double ForwardShare { get; init; }

    /// <summary>Share of thread time in environment steps.</summary>
    public double EnvironmentShare { get; init; }

    /// <summary>Shares of thread time in named parts of the environment step (empty when the environment does not profile itself).</summary>
    public IReadOnlyDictionary<string, double> EnvironmentParts { get; init; } = new Dictionary<string, double>();

    /// <summary>Share of thread time in neither (materialising candidates, resets, bookkeeping).</summary>
    public double OtherShare => Math.Max(0, 1 - ForwardShare - EnvironmentShare);
}
