using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>A seed gives the same episode bit for bit, whatever else the process did in between.</summary>
public sealed class BipedalWalkerDeterminismTests
{
    private const int Steps = 250;

    /// <summary>Observations and rewards of <paramref name="steps"/> random-action steps, as raw bits.</summary>
    private static List<long> Trajectory(BipedalWalkerEnvironment env, int lane, long seed, int steps, int actionSeed)
    {
        var bits = new List<long>();
        var random = new Random(actionSeed);
        env.Reset(lane, seed);
        Record(env, lane, bits);
        for (int step = 0; step < steps; step++)
        {
            Walkers.FillActions(random, env.ContinuousActions.Slice(lane * 4, 4));
            env.Step([lane]);
            Record(env, lane, bits);
            bits.Add(BitConverter.DoubleToInt64Bits(env.Rewards[lane]));
            bits.Add(env.Terminated[lane] ? 1 : 0);
        }
        return bits;
    }

    private static void Record(BipedalWalkerEnvironment env, int lane, List<long> bits)
    {
        foreach (float v in env.Observations.Slice(lane * 24, 24))
        {
            bits.Add(BitConverter.SingleToInt32Bits(v));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Same_seed_gives_the_same_trajectory_after_other_worlds_came_and_went(bool hardcore)
    {
        var spec = hardcore ? Walkers.Hardcore : Walkers.Normal;
        List<long> first;
        using (BipedalWalkerEnvironment env = Walkers.Create(spec, 1))
        {
            first = Trajectory(env, 0, 42, Steps, 9);
        }

        using BipedalWalkerEnvironment other = Walkers.Create(spec, 3);
        _ = Trajectory(other, 1, 7, 60, 1);
        _ = Trajectory(other, 2, 42, 30, 2);
        _ = Trajectory(other, 0, 8, 40, 3);
        List<long> again = Trajectory(other, 0, 42, Steps, 9);
        Assert.Equal(first, again);

        // Lanes are independent: stepping another lane between this lane's steps changes nothing.
        other.Reset(2, 42);
        var random = new Random(9);
        var interleaved = new List<long>();
        Record(other, 2, interleaved);
        var noise = new Random(3);
        for (int step = 0; step < Steps; step++)
        {
            Walkers.FillActions(random, other.ContinuousActions.Slice(8, 4));
            Walkers.FillActions(noise, other.ContinuousActions.Slice(4, 4));
            other.Step([1, 2]);
            Record(other, 2, interleaved);
            interleaved.Add(BitConverter.DoubleToInt64Bits(other.Rewards[2]));
            interleaved.Add(other.Terminated[2] ? 1 : 0);
            if (step == Steps / 2)
            {
                other.Reset(1, 5);
            }
        }
        Assert.Equal(first, interleaved);
    }

    [Fact]
    public void Different_seeds_give_different_terrain_and_pushes()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 2);
        env.Reset(0, 1);
        env.Reset(1, 2);
        Assert.NotEqual(env.Terrain(0).Y.ToArray(), env.Terrain(1).Y.ToArray());
        Assert.NotEqual(env.Observations.Slice(0, 24).ToArray(), env.Observations.Slice(24, 24).ToArray());
    }
}
