namespace Sandbox.Evolution.Evaluation;

/// <summary>What an evaluator measured during one generation.</summary>
public sealed record EvaluatorReport
{
    /// <summary>Bytes sent to workers in the generation (frames included; state shipped to starting workers too).</summary>
    public long BytesSent { get; init; }

    /// <summary>Bytes received from workers in the generation.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Of <see cref="BytesSent"/>, bytes of algorithm and task state shipped to starting or restarted workers.</summary>
    public long StateBytes { get; init; }

    /// <summary>Seconds spent inside the task's own work (environment steps, forwards), summed over workers or threads.</summary>
    public double BusySeconds { get; init; }

    /// <summary>Worker processes evaluating (0 when evaluating in the run's own process).</summary>
    public int Workers { get; init; }

    /// <summary>Evaluations that ran in parallel: the worker count, or the thread count in process.</summary>
    public int Parallelism { get; init; }

    /// <summary>Workers replaced during the generation.</summary>
    public int Restarts { get; init; }
}
