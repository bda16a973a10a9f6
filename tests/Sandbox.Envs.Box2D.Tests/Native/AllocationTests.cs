using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class AllocationTests
{
    [Fact]
    public void Per_step_calls_allocate_nothing_on_the_managed_heap()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId ground = TestWorlds.AddGround(world);
        BodyId anchor = world.CreateBody(BodyType.Dynamic, new Vector2(0f, 3f), 0f);
        world.AddBox(anchor, 0.5f, 0.5f, new FixtureDef { Density = 1f });
        BodyId arm = TestWorlds.AddDynamicBox(world, new Vector2(1f, 3f));
        JointId joint = world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = anchor, BodyB = arm, LocalAnchorB = new Vector2(-1f, 0f), EnableMotor = true });
        BodyId[] bodies = [ground, anchor, arm];
        JointId[] joints = [joint];
        var states = new BodyState[3];
        var jointStates = new JointState[1];
        float[] speeds = [1f];
        float[] torques = [10f];
        var rays = new RaySegment[10];
        var fractions = new float[10];
        var points = new Vector2[10];
        var events = new ContactEvent[16];

        void OneStep()
        {
            world.SetMotors(joints, speeds, torques);
            world.ApplyForceToCenter(anchor, new Vector2(0f, 1f), wake: true);
            world.StepAndRead(TestWorlds.Dt, TestWorlds.VelocityIterations, TestWorlds.PositionIterations, bodies, states);
            world.ReadJoints(joints, jointStates);
            for (int i = 0; i < rays.Length; i++)
            {
                rays[i] = new RaySegment(states[1].Position, states[1].Position + new Vector2(MathF.Sin(0.15f * i) * 5f, -MathF.Cos(0.15f * i) * 5f));
            }

            world.RayCastClosest(rays, fractions, points);
            world.TakeContactEvents(events);
            _ = world.IsAwake(arm);
        }

        for (int i = 0; i < 50; i++)
        {
            OneStep();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            OneStep();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
