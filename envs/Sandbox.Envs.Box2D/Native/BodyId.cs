namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// A body in one <see cref="Box2DWorld"/>: a small index into that world's body table.
/// Destroying the body invalidates it; ids start again from 0 once the world has no bodies left.
/// </summary>
/// <param name="Value">The raw id used by the native shim.</param>
public readonly record struct BodyId(int Value);
