using System.Numerics;
using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>A ray from <paramref name="From"/> to <paramref name="To"/> (16 bytes: x1, y1, x2, y2).</summary>
/// <param name="From">Start point, in world coordinates.</param>
/// <param name="To">End point; must differ from <paramref name="From"/>.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct RaySegment(Vector2 From, Vector2 To);
