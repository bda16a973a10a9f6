namespace Sandbox.Policies;

/// <summary>What a policy's search vector means.</summary>
public enum PolicyFamily
{
    /// <summary>A binary mask over frozen random weights.</summary>
    Supermask,
    /// <summary>All weights and biases, learned directly.</summary>
    Dense,
}
