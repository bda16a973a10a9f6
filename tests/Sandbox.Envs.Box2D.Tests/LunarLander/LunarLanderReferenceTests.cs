using Sandbox.Envs.Box2D.LunarLander;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>Seed-0 reference values of envs.md §4.10: RNG-exact ones bit for bit, Box2D 2.3 ones within 1e-4.</summary>
public sealed class LunarLanderReferenceTests
{
    private const double Box2DTolerance = 1e-4;

    [Fact]
    public void Terrain_heights_and_smoothing_are_rng_exact()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        double[] raw =
        [
            4.246411248809696, 1.7985780917591354, 0.27315682624129795, 0.11018423685686063, 5.421801594668483, 6.085037181851479,
            4.044238505114532, 4.8633104065599895, 3.624166609769486, 6.233816158585122, 5.439023694143548, 0.0182566678009873,
        ];
        double pad = 400.0 / 30.0 / 4;
        double[] expectedHeights = [.. raw];
        for (int i = 3; i <= 7; i++)
        {
            expectedHeights[i] = pad;
        }
        Assert.Equal(expectedHeights, env.Lane(0).Heights);
        double[] smooth =
        [
            2.0008711827620402, 2.0849882350473425, 1.783672522940143, 2.2901417526596286, 3.3000000000000003, 3.3000000000000003,
            3.3000000000000003, 3.395974981223931, 4.353134313557021, 5.048012132624392, 3.858061851774787,
        ];
        Assert.Equal(smooth, env.Lane(0).SmoothY);
    }

    [Fact]
    public void Initial_force_and_first_dispersion_are_rng_exact()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        LunarLanderLane lane = env.Lane(0);
        Assert.Equal((714.8085531751387, -932.8288493890713), lane.InitialForce);
        // The reset's internal no-op step draws the first dispersion.
        Assert.Equal((0.015310363095329604, -0.021622958626496065), lane.LastDispersion);
    }

    [Fact]
    public void Wind_indices_after_reset_are_rng_exact()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.DiscreteWind, 5);
        (long, long)[] expected = [(5298, 4593), (-7520, -3935), (8904, -1544), (-6542, 4757), (9289, 9683)];
        for (int seed = 0; seed < 5; seed++)
        {
            env.Reset(seed, seed);
            Assert.Equal(expected[seed], (env.Lane(seed).WindIndex, env.Lane(seed).TorqueIndex));
        }
        // Gymnasium's first-step wind and torque for seed 0 (raw draws 5297, 4592).
        Assert.Equal(-8.803167638000392, Math.Tanh(Math.Sin(0.02 * 5297) + Math.Sin(Math.PI * 0.01 * 5297)) * 15.0);
        Assert.Equal(-1.0877066196194205, Math.Tanh(Math.Sin(0.02 * 4592) + Math.Sin(Math.PI * 0.01 * 4592)) * 1.5);
    }

    [Fact]
    public void Reset_state_matches_box2d_2_3()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        float[] expectedObservation = [0.0057061194f, 1.3990337f, 0.5779653f, -0.5282997f, -0.006605304f, -0.13091765f, 0f, 0f];
        float[] observation = env.Observation(0);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(expectedObservation[i], observation[i], Box2DTolerance);
        }

        LunarLanderLane lane = env.Lane(0);
        Box2DWorld world = lane.World!;
        BodyState lander = world.GetState(lane.Lander);
        Assert.Equal(10.057061195, lander.X, Box2DTolerance);
        Assert.Equal(13.260224342, lander.Y, Box2DTolerance);
        Assert.Equal(2.889826536, lander.VelocityX, Box2DTolerance);
        Assert.Equal(-3.962247849, lander.VelocityY, Box2DTolerance);
        Assert.Equal(-0.0066053038, lander.Angle, Box2DTolerance);
        Assert.Equal(-0.3272941411, lander.AngularVelocity, Box2DTolerance);

        BodyState leg0 = world.GetState(lane.Leg0);
        BodyState leg1 = world.GetState(lane.Leg1);
        Assert.Equal(10.926196, leg0.X, Box2DTolerance);
        Assert.Equal(13.038752, leg0.Y, Box2DTolerance);
        Assert.Equal(0.4833052, leg0.Angle, Box2DTolerance);
        Assert.Equal(9.184198, leg1.X, Box2DTolerance);
        Assert.Equal(13.053919, leg1.Y, Box2DTolerance);
        Assert.Equal(-0.5007181, leg1.Angle, Box2DTolerance);
        Assert.Equal(0.5399105, world.GetJointState(lane.Joint0).Angle, Box2DTolerance);
        Assert.Equal(-0.5441127, world.GetJointState(lane.Joint1).Angle, Box2DTolerance);
    }

    [Fact]
    public void First_rewards_match_box2d_2_3()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        int[] actions = [0, 2, 2, 1, 3];
        double[] expected = [-1.0992279298, 1.1265712962, 0.9523275166, -0.5143097118, -2.0034625944];
        var output = TestContext.Current.TestOutputHelper;
        for (int t = 0; t < actions.Length; t++)
        {
            env.Step(0, actions[t]);
            output?.WriteLine($"action {actions[t]}: reward {env.Rewards[0]:R} (Gymnasium {expected[t]}, diff {env.Rewards[0] - expected[t]:E2})");
            Assert.Equal(expected[t], env.Rewards[0], Box2DTolerance);
            Assert.False(env.Terminated[0]);
        }
    }
}
