namespace Sandbox.Supervised.Benchmarks;

/// <summary>Throughput and time split of <see cref="ClassifierEsBenchmark"/> at one thread count.</summary>
public sealed record ClassifierEsBenchmarkResult
{
    /// <summary>Evaluation threads.</summary>
    public int Threads { get; init; }

    /// <summary>Timed generations.</summary>
    public int Generations { get; init; }

    /// <summary>Wall time of the timed generations.</summary>
    public double WallSeconds { get; init; }

    /// <summary>Candidates evaluated (the population and, for ES-family methods, the centre).</summary>
    public long Candidates { get; init; }

    /// <summary>Examples scored (candidates × minibatch).</summary>
    public long Samples { get; init; }

    /// <summary>Generations per second.</summary>
    public double GenerationsPerSecond => Generations / WallSeconds;

    /// <summary>Candidate evaluations per second.</summary>
    public double CandidatesPerSecond => Candidates / WallSeconds;

    /// <summary>Examples scored per second.</summary>
    public double SamplesPerSecond => Samples / WallSeconds;

    /// <summary>Share of wall time planning (descriptors).</summary>
    public double PlanShare { get; init; }

    /// <summary>Share of wall time evaluating (weights regenerated from keys, forwards, scoring).</summary>
    public double EvaluateShare { get; init; }

    /// <summary>Share of wall time in the update (noise regenerated for the gradient estimate, Adam).</summary>
    public double TellShare { get; init; }

    /// <summary>Share of thread time in the batched forward and softmax scoring.</summary>
    public double ForwardShare { get; init; }
}
