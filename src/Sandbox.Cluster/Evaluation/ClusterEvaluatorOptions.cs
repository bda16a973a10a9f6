namespace Sandbox.Cluster.Evaluation;

/// <summary>How the cluster evaluator schedules and waits (never what is computed).</summary>
public sealed record ClusterEvaluatorOptions
{
    /// <summary>Seconds a worker may take for one batch (or a hello) before its silo is dropped from the generation and the batch re-queued.</summary>
    public double BatchTimeoutSeconds { get; init; } = 300;

    /// <summary>Batch size: the remaining candidates / (workers × this), at least one (guided scheduling, as the local pool).</summary>
    public int BatchesPerWorker { get; init; } = 4;

    /// <summary>Seconds the run waits for a silo when none can evaluate, before it stops with its checkpoint.</summary>
    public double WaitSeconds { get; init; } = 600;

    /// <summary>Seconds between looks at the membership for silos that joined (or came back).</summary>
    public double MembershipPollSeconds { get; init; } = 1;
}
