using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class GravityTests
{
    [Fact]
    public void Free_body_follows_semi_implicit_euler_under_gravity()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId ball = world.CreateBody(BodyType.Dynamic, new Vector2(0f, 100f), 0f);
        world.AddCircle(ball, Vector2.Zero, 0.5f, new FixtureDef { Density = 1f });

        const int Steps = 40;
        float v = 0f, y = 100f;
        for (int n = 1; n <= Steps; n++)
        {
            world.Step();
            v += TestWorlds.Dt * -10f; // Box2D: v += h * g, then x += h * v, in float
            y += TestWorlds.Dt * v;
        }

        BodyState state = world.GetState(ball);
        // Closed form: v_n = n h g, y_n = y0 + h² g n (n + 1) / 2.
        double h = TestWorlds.Dt;
        Assert.Equal(Steps * h * -10.0, state.VelocityY, 4);
        Assert.Equal(100.0 + (h * h * -10.0 * Steps * (Steps + 1) / 2.0), state.Y, 4);
        Assert.Equal(0f, state.X);
        Assert.Equal(0f, state.VelocityX);
        // And bit for bit the same float recurrence.
        Assert.Equal(v, state.VelocityY);
        Assert.Equal(y, state.Y);
    }

    [Fact]
    public void Step_and_read_matches_separate_step_then_read()
    {
        using var a = new Box2DWorld(TestWorlds.Gravity);
        using var b = new Box2DWorld(TestWorlds.Gravity);
        BodyId[] bodiesA = [TestWorlds.AddGround(a), TestWorlds.AddDynamicBox(a, new Vector2(0f, 2f)), TestWorlds.AddDynamicBox(a, new Vector2(0.3f, 4f))];
        BodyId[] bodiesB = [TestWorlds.AddGround(b), TestWorlds.AddDynamicBox(b, new Vector2(0f, 2f)), TestWorlds.AddDynamicBox(b, new Vector2(0.3f, 4f))];
        var statesA = new BodyState[3];
        var statesB = new BodyState[3];

        for (int i = 0; i < 100; i++)
        {
            a.StepAndRead(TestWorlds.Dt, TestWorlds.VelocityIterations, TestWorlds.PositionIterations, bodiesA, statesA);
            b.Step();
            b.ReadBodies(bodiesB, statesB);
            Assert.Equal(statesB, statesA);
        }
    }

    [Fact]
    public void Force_to_center_acts_for_one_step_only()
    {
        using var world = new Box2DWorld(Vector2.Zero);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        world.AddBox(body, 0.5f, 0.5f, new FixtureDef { Density = 1f }); // mass 1

        world.ApplyForceToCenter(body, new Vector2(50f, 0f), wake: true);
        world.Step();
        Assert.Equal(1f, world.GetLinearVelocity(body).X, 6);
        world.Step(5);
        Assert.Equal(1f, world.GetLinearVelocity(body).X, 6);
    }
}
