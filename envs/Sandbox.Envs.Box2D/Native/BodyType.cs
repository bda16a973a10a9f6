namespace Sandbox.Envs.Box2D.Native;

/// <summary>Box2D's body types (the values of <c>b2BodyType</c>).</summary>
public enum BodyType
{
    /// <summary>Never moves; zero mass.</summary>
    Static = 0,

    /// <summary>Moves only by its set velocity; zero mass.</summary>
    Kinematic = 1,

    /// <summary>Moved by forces, impulses, gravity and contacts.</summary>
    Dynamic = 2,
}
