using MessagePack;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// Everything needed to continue a run exactly where it stopped: the algorithm and task states and the
/// run's own progress (work so far, the best validated artifact). Written atomically at generation
/// boundaries inside the checkpoint file container (<see cref="CheckpointStore"/>).
/// </summary>
[MessagePackObject]
public sealed class RunCheckpoint
{
    /// <summary>The resolved config (JSON), to refuse resuming under another config.</summary>
    [Key(0)] public string ConfigJson { get; set; } = "";
    /// <summary>Generations completed.</summary>
    [Key(1)] public int Generation { get; set; }
    /// <summary>Algorithm state at that boundary.</summary>
    [Key(2)] public byte[] AlgorithmState { get; set; } = [];
    /// <summary>Task state (e.g. observation statistics) at that boundary.</summary>
    [Key(3)] public byte[] TaskState { get; set; } = [];
    /// <summary>Work done so far (environment steps, samples).</summary>
    [Key(4)] public long TotalWork { get; set; }
    /// <summary>Whether a validated champion reached the target.</summary>
    [Key(5)] public bool Solved { get; set; }
    /// <summary>Best validation score so far (−∞ when none).</summary>
    [Key(6)] public double BestValidation { get; set; } = double.NegativeInfinity;
    /// <summary>The best validated champion so far, as artifact-file bytes (policy or model).</summary>
    [Key(7)] public byte[]? BestArtifact { get; set; }
    /// <summary>Wall seconds of evolution before this checkpoint.</summary>
    [Key(8)] public double ElapsedSeconds { get; set; }
    /// <summary>Last generation's champion fitness.</summary>
    [Key(9)] public double LastChampionFitness { get; set; }
    /// <summary>The last champion validated (so a resumed run skips it as the uninterrupted one does).</summary>
    [Key(10)] public float[] LastValidated { get; set; } = [];
}
