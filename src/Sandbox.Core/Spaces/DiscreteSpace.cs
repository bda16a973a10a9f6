namespace Sandbox.Core.Spaces;

/// <summary>The integers 0..<see cref="Count"/>-1.</summary>
public sealed record DiscreteSpace(int Count) : Space
{
    /// <inheritdoc />
    public override int FlatSize => 1;

    /// <inheritdoc />
    public override string Describe() => $"Discrete({Count})";

    /// <inheritdoc />
    public override bool IsCompatibleWith(Space other) => other is DiscreteSpace d && d.Count == Count;
}
