using System.Numerics;
using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// A body's kinematic state as Box2D reports it (floats, 24 bytes, laid out as the shim writes it).
/// </summary>
/// <param name="X">Body origin x (<c>GetPosition</c>).</param>
/// <param name="Y">Body origin y.</param>
/// <param name="Angle">Body angle in radians, not wrapped.</param>
/// <param name="VelocityX">Linear velocity x of the centre of mass.</param>
/// <param name="VelocityY">Linear velocity y of the centre of mass.</param>
/// <param name="AngularVelocity">Angular velocity in rad/s.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct BodyState(float X, float Y, float Angle, float VelocityX, float VelocityY, float AngularVelocity)
{
    /// <summary>The body origin.</summary>
    public Vector2 Position => new(X, Y);

    /// <summary>The linear velocity of the centre of mass.</summary>
    public Vector2 Velocity => new(VelocityX, VelocityY);
}
