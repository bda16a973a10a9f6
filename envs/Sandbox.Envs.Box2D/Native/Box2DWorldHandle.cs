using Microsoft.Win32.SafeHandles;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>Owns one native <c>sbx_world*</c>; releasing it destroys the world and everything in it.</summary>
internal sealed class Box2DWorldHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the interop marshaller for <c>sbx_world_create</c>'s return value.</summary>
    public Box2DWorldHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Wraps an arbitrary pointer without owning it (tests use this for the null world).</summary>
    internal Box2DWorldHandle(nint preexisting)
        : base(ownsHandle: false) => SetHandle(preexisting);

    protected override bool ReleaseHandle()
    {
        Box2DNative.sbx_world_destroy(handle);
        return true;
    }
}
