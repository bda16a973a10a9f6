namespace Sandbox.Core.Spaces;

/// <summary>An observation or action space, as in Gymnasium: <see cref="BoxSpace"/> or <see cref="DiscreteSpace"/>.</summary>
public abstract record Space
{
    /// <summary>Number of float values one element of the space occupies in a flat buffer (1 for discrete).</summary>
    public abstract int FlatSize { get; }

    /// <summary>A short Gymnasium-like description, e.g. <c>Discrete(2)</c> or <c>Box(-1, 1, (4,))</c>.</summary>
    public abstract string Describe();

    /// <summary>Whether two spaces accept the same elements (a policy built for one fits the other).</summary>
    public abstract bool IsCompatibleWith(Space other);
}
