namespace Sandbox.Core.Environments;

/// <summary>The scalar outcome of one step: reward and the two end flags.</summary>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Whether the episode is over for either reason.</summary>
    public bool Done => Terminated || Truncated;
}
