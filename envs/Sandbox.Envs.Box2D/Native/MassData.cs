using System.Numerics;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>A body's mass properties as Box2D 2.3 reports them.</summary>
/// <param name="Mass">Mass in kg.</param>
/// <param name="Inertia">Rotational inertia about the body origin (<c>GetInertia</c>).</param>
/// <param name="LocalCenter">Centre of mass in body coordinates.</param>
public readonly record struct MassData(float Mass, float Inertia, Vector2 LocalCenter);
