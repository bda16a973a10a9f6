namespace Sandbox.Evolution.Configuration;

/// <summary>The network every candidate uses (a policy or a classifier): hidden widths, activation, frozen-weight init (supermask) and biases (dense).</summary>
public sealed record PolicyConfig
{
    /// <summary>Hidden layer widths.</summary>
    public int[] Hidden { get; init; } = [64, 64];

    /// <summary>Hidden activation: tanh, relu or sigmoid.</summary>
    public string Activation { get; init; } = "tanh";

    /// <summary>Frozen weight distribution for supermask networks: uniform, kaiming_normal or signed_kaiming_constant.</summary>
    public string Init { get; init; } = "uniform";

    /// <summary>Seed of the frozen weights; defaults to the run seed.</summary>
    public ulong? WeightSeed { get; init; }

    /// <summary>Whether dense networks have biases. Supermask networks never do.</summary>
    public bool Bias { get; init; } = true;
}
