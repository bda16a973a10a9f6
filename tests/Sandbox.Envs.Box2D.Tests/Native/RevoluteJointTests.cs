using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class RevoluteJointTests
{
    /// <summary>A 2 m arm hinged at its left end to a static anchor at (0, 10).</summary>
    private static (BodyId Arm, JointId Joint) AddArm(Box2DWorld world, float startAngle, RevoluteJointDef template)
    {
        BodyId anchor = world.CreateBody(BodyType.Static, new Vector2(0f, 10f), 0f);
        Vector2 offset = new(MathF.Cos(startAngle), MathF.Sin(startAngle));
        BodyId arm = world.CreateBody(BodyType.Dynamic, new Vector2(0f, 10f) + offset, startAngle);
        world.AddBox(arm, 1f, 0.1f, new FixtureDef { Density = 1f });
        JointId joint = world.CreateRevoluteJoint(template with
        {
            BodyA = anchor,
            BodyB = arm,
            LocalAnchorA = Vector2.Zero,
            LocalAnchorB = new Vector2(-1f, 0f),
        });
        return (arm, joint);
    }

    [Fact]
    public void Limits_hold_while_gravity_pulls_past_them()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        var (_, joint) = AddArm(world, 0f, new RevoluteJointDef
        {
            BodyA = default, BodyB = default,
            EnableLimit = true, LowerAngle = -0.25f, UpperAngle = 0.25f,
        });

        float lowest = 0f;
        for (int i = 0; i < 200; i++)
        {
            world.Step();
            lowest = MathF.Min(lowest, world.GetJointState(joint).Angle);
        }

        // Box2D 2.3 activates the limit from the angle at the start of a step, so the crossing
        // step overshoots; position correction then pulls it back. b2_angularSlop is 2 degrees.
        Assert.InRange(lowest, -0.25f - 0.035f, -0.2f);
        // At rest the position pass leaves up to the slop uncorrected, and the motorless limit holds it there.
        Assert.InRange(world.GetJointState(joint).Angle, -0.25f - 0.035f, -0.25f + 0.001f);
    }

    [Fact]
    public void Without_limits_the_arm_swings_past_the_same_angle()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        var (_, joint) = AddArm(world, 0f, new RevoluteJointDef { BodyA = default, BodyB = default });

        world.Step(30);

        Assert.True(world.GetJointState(joint).Angle < -1f);
    }

    [Fact]
    public void Reference_angle_is_used_as_given()
    {
        using var world = new Box2DWorld(Vector2.Zero);
        var (_, joint) = AddArm(world, 0.05f, new RevoluteJointDef { BodyA = default, BodyB = default, ReferenceAngle = 0.05f });
        var (_, plain) = AddArm(world, 0.05f, new RevoluteJointDef { BodyA = default, BodyB = default });

        Assert.Equal(0f, world.GetJointState(joint).Angle, 1e-7f);
        Assert.Equal(0.05f, world.GetJointState(plain).Angle, 1e-7f);
    }

    [Fact]
    public void Motor_drives_the_joint_at_its_speed()
    {
        using var world = new Box2DWorld(Vector2.Zero);
        var (_, joint) = AddArm(world, 0f, new RevoluteJointDef
        {
            BodyA = default, BodyB = default,
            EnableMotor = true, MotorSpeed = 1.5f, MaxMotorTorque = 1000f,
        });

        world.Step(10);

        Assert.Equal(1.5f, world.GetJointState(joint).Speed, 1e-3f);
        Assert.Equal(10 * TestWorlds.Dt * 1.5f, world.GetJointState(joint).Angle, 1e-3f);
    }

    [Fact]
    public void Motor_setters_wake_both_bodies_even_when_the_value_is_unchanged()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        // Hanging straight down at rest, so it falls asleep.
        var (arm, joint) = AddArm(world, -MathF.PI / 2f, new RevoluteJointDef
        {
            BodyA = default, BodyB = default,
            EnableMotor = true, MotorSpeed = 0f, MaxMotorTorque = 5f,
        });

        void SleepThen(Action action)
        {
            world.Step(60);
            Assert.False(world.IsAwake(arm));
            action();
            Assert.True(world.IsAwake(arm));
        }

        SleepThen(() => world.SetMotorSpeed(joint, 0f));
        SleepThen(() => world.SetMaxMotorTorque(joint, 5f));
        SleepThen(() => world.SetMotors([joint], [0f], [5f]));
    }

    [Fact]
    public void Motor_setters_wake_two_sleeping_dynamic_bodies()
    {
        using var world = new Box2DWorld(Vector2.Zero);
        BodyId a = TestWorlds.AddDynamicBox(world, Vector2.Zero);
        BodyId b = TestWorlds.AddDynamicBox(world, new Vector2(2f, 0f));
        JointId joint = world.CreateRevoluteJoint(new RevoluteJointDef
        {
            BodyA = a, BodyB = b, LocalAnchorA = new Vector2(1f, 0f), LocalAnchorB = new Vector2(-1f, 0f),
            EnableMotor = true, MaxMotorTorque = 1f,
        });

        world.Step(40);
        Assert.False(world.IsAwake(a));
        Assert.False(world.IsAwake(b));

        world.SetMotorSpeed(joint, 0f);

        Assert.True(world.IsAwake(a));
        Assert.True(world.IsAwake(b));
    }

    [Fact]
    public void Batched_motor_setting_and_reading_match_single_calls()
    {
        using var a = new Box2DWorld(TestWorlds.Gravity);
        using var b = new Box2DWorld(TestWorlds.Gravity);
        var def = new RevoluteJointDef { BodyA = default, BodyB = default, EnableMotor = true, EnableLimit = true, LowerAngle = -1f, UpperAngle = 0.5f };
        JointId[] ja = [AddArm(a, 0f, def).Joint, AddArm(a, 0.3f, def).Joint];
        JointId[] jb = [AddArm(b, 0f, def).Joint, AddArm(b, 0.3f, def).Joint];
        var sa = new JointState[2];

        for (int i = 0; i < 50; i++)
        {
            float[] speeds = [MathF.Sin(i * 0.1f) * 4f, -6f];
            float[] torques = [80f * (i % 3) / 2f, 40f];
            a.SetMotors(ja, speeds, torques);
            for (int k = 0; k < 2; k++)
            {
                b.SetMotorSpeed(jb[k], speeds[k]);
                b.SetMaxMotorTorque(jb[k], torques[k]);
            }

            a.Step();
            b.Step();
            a.ReadJoints(ja, sa);
            Assert.Equal(b.GetJointState(jb[0]), sa[0]);
            Assert.Equal(b.GetJointState(jb[1]), sa[1]);
        }
    }

    [Fact]
    public void Destroying_a_body_destroys_its_joints()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        var (arm, joint) = AddArm(world, 0f, new RevoluteJointDef { BodyA = default, BodyB = default });
        Assert.Equal(1, world.JointCount);

        world.DestroyBody(arm);

        Assert.Equal(0, world.JointCount);
        var e = Assert.Throws<Box2DException>(() => world.GetJointState(joint));
        Assert.Equal(Box2DError.UnknownJoint, e.Error);
    }
}
