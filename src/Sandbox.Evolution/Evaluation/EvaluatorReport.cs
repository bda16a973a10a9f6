namespace Sandbox.Evolution.Evaluation;

/// <summary>What an evaluator measured during one generation.</summary>
public sealed record EvaluatorReport
{
    /// <summary>Bytes the engine sent to workers in the generation (frames included).</summary>
    public long BytesSent { get; init; }

    /// <summary>Bytes received from workers in the generation.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Seconds workers spent inside environment steps and policy forwards, summed over workers.</summary>
    public double BusySeconds { get; init; }

    /// <summary>Workers evaluating.</summary>
    public int Workers { get; init; }

    /// <summary>Workers replaced during the generation.</summary>
    public int Restarts { get; init; }
}
