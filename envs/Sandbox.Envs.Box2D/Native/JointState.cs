using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>A revolute joint's state (8 bytes, laid out as the shim writes it).</summary>
/// <param name="Angle">bodyB angle − bodyA angle − reference angle, in radians.</param>
/// <param name="Speed">bodyB angular velocity − bodyA angular velocity.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct JointState(float Angle, float Speed);
