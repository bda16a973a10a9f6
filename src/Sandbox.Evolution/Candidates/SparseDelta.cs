namespace Sandbox.Evolution.Candidates;

/// <summary>A change of one parameter: θ[<see cref="Index"/>] += <see cref="Delta"/> (RSO's single-weight moves).</summary>
public readonly record struct SparseDelta(int Index, float Delta);
