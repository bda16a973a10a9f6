using Sandbox.Envs.Box2D.Tests.BipedalWalker;
using Sandbox.Envs.Box2D.Tests.LunarLander;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class PhysicsProfileTests
{
    [Fact]
    public void The_walker_accounts_for_its_physics_step_and_lidar_and_clears_on_take()
    {
        using var env = Walkers.Create(Walkers.Normal, 2);
        env.Reset(0, 3);
        env.Reset(1, 4);
        for (int t = 0; t < 20; t++)
        {
            env.Step([0, 1]);
        }
        var ticks = new Dictionary<string, long>();
        env.TakeProfile(ticks);
        Assert.True(ticks.GetValueOrDefault("Box2D step") > 0, "no physics step time recorded");
        Assert.True(ticks.GetValueOrDefault("lidar ray casts") > 0, "no ray cast time recorded");

        var again = new Dictionary<string, long>();
        env.TakeProfile(again);
        Assert.Empty(again);
    }

    [Fact]
    public void The_lander_accounts_for_its_physics_step_and_casts_no_rays()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 5);
        for (int t = 0; t < 10; t++)
        {
            env.Step(0, 0);
        }
        var ticks = new Dictionary<string, long>();
        env.TakeProfile(ticks);
        Assert.True(ticks.GetValueOrDefault("Box2D step") > 0, "no physics step time recorded");
        Assert.False(ticks.ContainsKey("lidar ray casts"));
    }
}
