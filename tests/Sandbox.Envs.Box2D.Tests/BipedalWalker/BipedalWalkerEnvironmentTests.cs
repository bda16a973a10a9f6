using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>Registration, obstacles in the physics, allocation-free stepping.</summary>
public sealed class BipedalWalkerEnvironmentTests
{
    [Fact]
    public void Both_ids_are_registered_with_gymnasiums_values()
    {
        EnvironmentSpec normal = Walkers.Normal, hardcore = Walkers.Hardcore;
        Assert.Equal(1600, normal.MaxEpisodeSteps);
        Assert.Equal(2000, hardcore.MaxEpisodeSteps);
        foreach (EnvironmentSpec spec in (EnvironmentSpec[])[normal, hardcore])
        {
            Assert.Equal(300, spec.RewardThreshold);
            Assert.Equal(Sandbox.Envs.Box2D.Native.Box2DBuild.Selected.Physics, spec.Physics);
            Assert.Contains("Debian bullseye libbox2d 2.3.1+ds-7", spec.Physics);
            Assert.NotNull(spec.Heuristic);
            var obs = Assert.IsType<BoxSpace>(spec.ObservationSpace);
            Assert.Equal(24, obs.FlatSize);
            Assert.Equal((float)Math.PI, obs.High[0]);
            Assert.Equal(5f, obs.High[8]);
            Assert.Equal(5f, obs.High[13]);
            Assert.Equal(-1f, obs.Low[23]);
            Assert.Equal(BoxSpace.Uniform(4, -1f, 1f), spec.ActionSpace);
        }
        using var env = hardcore.CreateVector(1);
        Assert.True(((BipedalWalkerEnvironment)env).Hardcore);
    }

    [Fact]
    public void Hardcore_walker_collides_with_obstacles()
    {
        // The gait reaches the first obstacles and trips over them; the contacts must come through
        // Box2D's polygon colliders without a native abort.
        const int Lanes = 10;
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Hardcore, Lanes);
        var controllers = new BipedalWalkerHeuristic[Lanes];
        var lanes = new int[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            env.Reset(lane, lane);
            controllers[lane] = new BipedalWalkerHeuristic();
            lanes[lane] = lane;
        }
        for (int step = 0; step < 600; step++)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                controllers[lane].Act(env.Observations.Slice(lane * 24, 24), env.ContinuousActions.Slice(lane * 4, 4));
            }
            env.Step(lanes);
        }
        int contacts = 0;
        for (int lane = 0; lane < Lanes; lane++)
        {
            contacts += env.Lane(lane).ObstacleContacts;
        }
        Assert.True(contacts > 0, "no walker touched an obstacle");
    }

    [Fact]
    public void Stepping_allocates_nothing()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Hardcore, 4);
        int[] lanes = [0, 1, 2, 3];
        var random = new Random(1);
        for (int lane = 0; lane < 4; lane++)
        {
            env.Reset(lane, lane);
        }
        var actions = new float[16 * 200];
        Walkers.FillActions(random, actions, 1.3f);
        for (int step = 0; step < 20; step++)
        {
            actions.AsSpan(step * 16, 16).CopyTo(env.ContinuousActions);
            env.Step(lanes);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 20; step < 200; step++)
        {
            actions.AsSpan(step * 16, 16).CopyTo(env.ContinuousActions);
            env.Step(lanes);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Non_finite_actions_are_refused()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        env.ContinuousActions[2] = float.NaN;
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0]));
    }
}
