namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// A revolute joint in one <see cref="Box2DWorld"/>. Destroying the joint, or either of its
/// bodies, invalidates it; ids start again from 0 once the world has no joints left.
/// </summary>
/// <param name="Value">The raw id used by the native shim.</param>
public readonly record struct JointId(int Value);
