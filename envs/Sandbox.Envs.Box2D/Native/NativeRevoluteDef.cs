using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>Mirror of <c>sbx_revolute_def</c> (56 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeRevoluteDef
{
    public int BodyA;
    public int BodyB;
    public float LocalAnchorAX;
    public float LocalAnchorAY;
    public float LocalAnchorBX;
    public float LocalAnchorBY;
    public float ReferenceAngle;
    public int EnableLimit;
    public float LowerAngle;
    public float UpperAngle;
    public int EnableMotor;
    public float MotorSpeed;
    public float MaxMotorTorque;
    public int CollideConnected;

    public NativeRevoluteDef(in RevoluteJointDef def)
    {
        BodyA = def.BodyA.Value;
        BodyB = def.BodyB.Value;
        LocalAnchorAX = def.LocalAnchorA.X;
        LocalAnchorAY = def.LocalAnchorA.Y;
        LocalAnchorBX = def.LocalAnchorB.X;
        LocalAnchorBY = def.LocalAnchorB.Y;
        ReferenceAngle = def.ReferenceAngle;
        EnableLimit = def.EnableLimit ? 1 : 0;
        LowerAngle = def.LowerAngle;
        UpperAngle = def.UpperAngle;
        EnableMotor = def.EnableMotor ? 1 : 0;
        MotorSpeed = def.MotorSpeed;
        MaxMotorTorque = def.MaxMotorTorque;
        CollideConnected = def.CollideConnected ? 1 : 0;
    }
}
