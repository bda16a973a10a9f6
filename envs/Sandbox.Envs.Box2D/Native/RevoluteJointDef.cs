using System.Numerics;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// A revolute joint with every geometric field explicit: anchors and <see cref="ReferenceAngle"/>
/// are used as given (Box2D's <c>Initialize()</c> is never called). Unset fields take
/// <c>b2RevoluteJointDef</c>'s defaults: zero, false.
/// </summary>
public readonly record struct RevoluteJointDef
{
    /// <summary>The first body.</summary>
    public required BodyId BodyA { get; init; }

    /// <summary>The second body; must differ from <see cref="BodyA"/>.</summary>
    public required BodyId BodyB { get; init; }

    /// <summary>Anchor point in body A's coordinates.</summary>
    public Vector2 LocalAnchorA { get; init; }

    /// <summary>Anchor point in body B's coordinates.</summary>
    public Vector2 LocalAnchorB { get; init; }

    /// <summary>Body B's angle minus body A's angle in the reference pose (pybox2d sets this automatically; Box2D's default is 0).</summary>
    public float ReferenceAngle { get; init; }

    /// <summary>Whether the joint angle is limited to [<see cref="LowerAngle"/>, <see cref="UpperAngle"/>].</summary>
    public bool EnableLimit { get; init; }

    /// <summary>Lower joint limit in radians.</summary>
    public float LowerAngle { get; init; }

    /// <summary>Upper joint limit in radians; must be ≥ <see cref="LowerAngle"/>.</summary>
    public float UpperAngle { get; init; }

    /// <summary>Whether the motor drives the joint.</summary>
    public bool EnableMotor { get; init; }

    /// <summary>Motor target speed in rad/s.</summary>
    public float MotorSpeed { get; init; }

    /// <summary>Maximum motor torque (N·m); must be ≥ 0.</summary>
    public float MaxMotorTorque { get; init; }

    /// <summary>Whether the two bodies may collide with each other.</summary>
    public bool CollideConnected { get; init; }
}
