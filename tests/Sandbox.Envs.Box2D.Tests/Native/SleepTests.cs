using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class SleepTests
{
    [Fact]
    public void Box_resting_on_edge_comes_to_rest_and_falls_asleep()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        BodyId box = TestWorlds.AddDynamicBox(world, new Vector2(0f, 1f), 0.5f, 0.25f);
        Assert.True(world.IsAwake(box));

        int asleepAt = -1;
        for (int i = 1; i <= 300 && asleepAt < 0; i++)
        {
            world.Step();
            if (!world.IsAwake(box))
            {
                asleepAt = i;
            }
        }

        Assert.InRange(asleepAt, 26, 300); // b2_timeToSleep is 0.5 s = 25 steps of rest
        BodyState state = world.GetState(box);
        Assert.Equal(0.25f, state.Y, 0.02f); // resting on the edge, within the skin radii
        Assert.Equal(0f, state.X, 1e-4f);
        Assert.Equal(0f, state.Angle, 1e-4f);
        Assert.Equal(Vector2.Zero, state.Velocity);
    }

    [Fact]
    public void Force_with_wake_wakes_a_sleeping_body()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        BodyId box = TestWorlds.AddDynamicBox(world, new Vector2(0f, 0.5f));
        world.Step(150);
        Assert.False(world.IsAwake(box));

        world.ApplyForceToCenter(box, new Vector2(0f, 1f), wake: false);
        Assert.False(world.IsAwake(box));
        world.ApplyForceToCenter(box, new Vector2(0f, 1f), wake: true);
        Assert.True(world.IsAwake(box));
    }
}
