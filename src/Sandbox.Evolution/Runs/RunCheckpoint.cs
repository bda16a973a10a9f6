using MessagePack;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// Everything needed to continue a run exactly where it stopped: the algorithm state and the run's
/// own progress (steps so far, the best validated policy). Written atomically at generation boundaries.
/// </summary>
[MessagePackObject]
public sealed class RunCheckpoint
{
    /// <summary>Format of this record.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version.</summary>
    [Key(0)] public int Format { get; set; } = CurrentFormat;
    /// <summary>The resolved config (JSON), to refuse resuming under another config.</summary>
    [Key(1)] public string ConfigJson { get; set; } = "";
    /// <summary>Generations completed.</summary>
    [Key(2)] public int Generation { get; set; }
    /// <summary>Algorithm state after those generations.</summary>
    [Key(3)] public byte[] AlgorithmState { get; set; } = [];
    /// <summary>Training env steps so far.</summary>
    [Key(4)] public long TotalEnvSteps { get; set; }
    /// <summary>Whether a validated policy reached the target.</summary>
    [Key(5)] public bool Solved { get; set; }
    /// <summary>Best validation return so far (−∞ when none).</summary>
    [Key(6)] public double BestValidation { get; set; } = double.NegativeInfinity;
    /// <summary>The best validated policy so far, as policy-file bytes.</summary>
    [Key(7)] public byte[]? BestPolicy { get; set; }
    /// <summary>Wall seconds of evolution before this checkpoint.</summary>
    [Key(8)] public double ElapsedSeconds { get; set; }
    /// <summary>Last generation's champion fitness.</summary>
    [Key(9)] public double LastChampionFitness { get; set; }
    /// <summary>Last generation's champion sparsity.</summary>
    [Key(10)] public double LastChampionSparsity { get; set; }
    /// <summary>The last champion validated (so a resumed run skips it as the uninterrupted one does).</summary>
    [Key(11)] public float[] LastValidated { get; set; } = [];
}
