using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="OpenAiEs"/> state (keys 5–7, observation statistics, moved to the control task's state).</summary>
[MessagePackObject]
public sealed class EsState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The centre.</summary>
    [Key(1)] public float[] Centre { get; set; } = [];
    /// <summary>Adam first moments.</summary>
    [Key(2)] public float[] M { get; set; } = [];
    /// <summary>Adam second moments.</summary>
    [Key(3)] public float[] V { get; set; } = [];
    /// <summary>Adam steps taken.</summary>
    [Key(4)] public int AdamSteps { get; set; }
}
