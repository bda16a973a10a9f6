using System.Security.Cryptography;
using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.LunarLander;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>The same seed gives the same episode bit for bit, in any lane, whatever ran before.</summary>
public sealed class LunarLanderDeterminismTests
{
    [Theory]
    [InlineData("LunarLander-v3")]
    [InlineData("LunarLanderContinuous-v3")]
    [InlineData("LunarLander-v3-wind")]
    public void Same_seed_twice_gives_identical_trajectories(string id)
    {
        EnvironmentSpec spec = LunarLanderSpecs.Registry.Get(id);
        using var env = LunarLanderSpecs.Create(spec);
        byte[] first = Trajectory(env, 0, spec, 11, 300);
        // Something else in between: another seed, stepped part-way.
        Trajectory(env, 0, spec, 12, 40);
        byte[] second = Trajectory(env, 0, spec, 11, 300);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Independent_instances_agree_after_other_worlds_came_and_went()
    {
        EnvironmentSpec spec = LunarLanderSpecs.Discrete;
        string before = LunarLanderDigest.Heuristic(spec);

        // Churn: many worlds created, stepped with random actions and destroyed, in another env.
        using (var churn = LunarLanderSpecs.Create(spec, 8))
        {
            var random = new Random(5);
            int[] all = [0, 1, 2, 3, 4, 5, 6, 7];
            for (int round = 0; round < 3; round++)
            {
                for (int lane = 0; lane < 8; lane++)
                {
                    churn.Reset(lane, 1000 + 8 * round + lane);
                }
                for (int t = 0; t < 50; t++)
                {
                    for (int lane = 0; lane < 8; lane++)
                    {
                        churn.DiscreteActions[lane] = random.Next(4);
                    }
                    churn.Step(all);
                }
            }
            using var alive = LunarLanderSpecs.Create(spec, 3);
            alive.Reset(0, 4);
            string during = LunarLanderDigest.Heuristic(spec);
            Assert.Equal(before, during);
        }
        Assert.Equal(before, LunarLanderDigest.Heuristic(spec));
        Assert.Matches("^[0-9a-f]{64}$", before);
        TestContext.Current.TestOutputHelper?.WriteLine($"{spec.Id} heuristic digest (seeds 0-4, 200 steps): {before}");
    }

    [Fact]
    public void Digests_differ_between_versions_and_seeds()
    {
        string discrete = LunarLanderDigest.Heuristic(LunarLanderSpecs.Discrete);
        Assert.NotEqual(discrete, LunarLanderDigest.Heuristic(LunarLanderSpecs.Continuous));
        Assert.NotEqual(discrete, LunarLanderDigest.Heuristic(LunarLanderSpecs.DiscreteWind));
        Assert.NotEqual(discrete, LunarLanderDigest.Heuristic(LunarLanderSpecs.Discrete, firstSeed: 1));
    }

    [Fact]
    public void Lanes_are_independent()
    {
        EnvironmentSpec spec = LunarLanderSpecs.Discrete;
        using var single = LunarLanderSpecs.Create(spec);
        byte[] alone = Trajectory(single, 0, spec, 21, 250);

        // The same seed in lane 3 of a busy vector env, its neighbours stepping other seeds at random.
        using var busy = LunarLanderSpecs.Create(spec, 5);
        var random = new Random(9);
        for (int lane = 0; lane < 5; lane++)
        {
            busy.Reset(lane, lane == 3 ? 21 : 500 + lane);
        }
        var controller = spec.Heuristic!();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(busy.Observations.Slice(24, 8)));
        int[] all = [0, 1, 2, 3, 4];
        for (int t = 0; t < 250; t++)
        {
            for (int lane = 0; lane < 5; lane++)
            {
                busy.DiscreteActions[lane] = lane == 3 ? controller.Act(busy.Observations.Slice(24, 8), default) : random.Next(4);
            }
            busy.Step(all);
            Append(hash, busy, 3);
            if (busy.Terminated[3])
            {
                break;
            }
            for (int lane = 0; lane < 5; lane++)
            {
                if (lane != 3 && (busy.Terminated[lane] || busy.Truncated[lane]))
                {
                    busy.Reset(lane, 700 + t + lane);
                }
            }
        }
        Assert.Equal(alone, hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of the reset observation and up to <paramref name="steps"/> heuristic steps (observation, reward, terminated).</summary>
    private static byte[] Trajectory(LunarLanderEnvironment env, int lane, EnvironmentSpec spec, long seed, int steps)
    {
        int actSize = spec.ActionSpace.FlatSize;
        var controller = spec.Heuristic!();
        env.Reset(lane, seed);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(env.Observations.Slice(lane * 8, 8)));
        for (int t = 0; t < steps; t++)
        {
            env.DiscreteActions[lane] = controller.Act(env.Observations.Slice(lane * 8, 8), env.ContinuousActions.Slice(lane * actSize, actSize));
            env.Step([lane]);
            Append(hash, env, lane);
            if (env.Terminated[lane])
            {
                break;
            }
        }
        return hash.GetHashAndReset();
    }

    private static void Append(IncrementalHash hash, LunarLanderEnvironment env, int lane)
    {
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(env.Observations.Slice(lane * 8, 8)));
        hash.AppendData(BitConverter.GetBytes(env.Rewards[lane]));
        hash.AppendData([env.Terminated[lane] ? (byte)1 : (byte)0]);
    }
}
