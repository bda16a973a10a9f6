using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>One BeginContact or EndContact callback from a world step (12 bytes, as the shim writes it).</summary>
/// <param name="Kind">Begin or end.</param>
/// <param name="BodyA">The body of the contact's fixture A.</param>
/// <param name="BodyB">The body of the contact's fixture B.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct ContactEvent(ContactEventKind Kind, BodyId BodyA, BodyId BodyB)
{
    /// <summary>Whether <paramref name="body"/> is either body of the contact.</summary>
    public bool Involves(BodyId body) => BodyA == body || BodyB == body;
}
