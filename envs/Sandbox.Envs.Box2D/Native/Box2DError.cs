namespace Sandbox.Envs.Box2D.Native;

/// <summary>The shim's error codes (SBX_E_* in <c>sandbox_box2d.h</c>), plus two managed-side ones.</summary>
public enum Box2DError
{
    /// <summary>The world pointer is null or no longer a live world.</summary>
    NullWorld = -1,

    /// <summary>A null pointer, bad count, bad enum or out-of-range value.</summary>
    InvalidArgument = -2,

    /// <summary>A float argument is NaN, infinite or beyond ±1e15.</summary>
    NotFinite = -3,

    /// <summary>The body id was never issued or its body was destroyed.</summary>
    UnknownBody = -4,

    /// <summary>The joint id was never issued or its joint was destroyed.</summary>
    UnknownJoint = -5,

    /// <summary>A degenerate shape: vertex count, area, edge length or radius.</summary>
    BadShape = -6,

    /// <summary>The world is inside a step.</summary>
    Locked = -7,

    /// <summary>An unexpected native failure, such as running out of memory.</summary>
    Internal = -8,

    /// <summary>The native shim could not be loaded.</summary>
    LibraryMissing = -100,

    /// <summary>The shim's ABI version or Box2D's version is not the expected one.</summary>
    VersionMismatch = -101,
}
