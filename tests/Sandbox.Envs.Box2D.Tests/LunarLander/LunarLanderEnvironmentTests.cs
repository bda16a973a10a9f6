using System.Numerics;
using Sandbox.Core.Environments;
using Sandbox.Core.Rendering;
using Sandbox.Core.Spaces;
using Sandbox.Envs.Box2D.LunarLander;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>Registration, options, the step contract, rollouts of the built-in policies and rendering.</summary>
public sealed class LunarLanderEnvironmentTests
{
    [Fact]
    public void Registration_matches_gymnasium()
    {
        Assert.Equal(
            ["LunarLander-v3", "LunarLanderContinuous-v3", "LunarLander-v3-wind", "LunarLanderContinuous-v3-wind"],
            LunarLanderSpecs.Registry.All.Select(s => s.Id));
        foreach (EnvironmentSpec spec in LunarLanderSpecs.Registry.All)
        {
            Assert.Equal(1000, spec.MaxEpisodeSteps);
            Assert.Equal(200, spec.RewardThreshold);
            Assert.Equal(Sandbox.Envs.Box2D.Native.Box2DBuild.Selected.Physics, spec.Physics);
            Assert.Contains("Debian bullseye libbox2d 2.3.1+ds-7", spec.Physics);
            Assert.NotNull(spec.Heuristic);
            var box = Assert.IsType<BoxSpace>(spec.ObservationSpace);
            Assert.Equal([-2.5f, -2.5f, -10f, -10f, -6.2831855f, -10f, -0f, -0f], box.Low);
            Assert.Equal([2.5f, 2.5f, 10f, 10f, 6.2831855f, 10f, 1f, 1f], box.High);
        }
        Assert.Equal("Discrete(4)", LunarLanderSpecs.Discrete.ActionSpace.Describe());
        Assert.Equal("Box(-1, 1, (2,))", LunarLanderSpecs.Continuous.ActionSpace.Describe());
        Assert.Equal(new Version(2, 3, 1), Box2DWorld.Box2DVersion);

        using var wind = LunarLanderSpecs.Create(LunarLanderSpecs.ContinuousWind);
        Assert.Equal(new LunarLanderOptions { Continuous = true, EnableWind = true }, wind.Options);
        Assert.Equal(15.0, wind.Options.WindPower);
        Assert.Equal(1.5, wind.Options.TurbulencePower);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-13.0)]
    [InlineData(-12.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Gravity_outside_the_open_interval_is_refused(double gravity)
    {
        var e = Assert.Throws<ArgumentException>(() => new LunarLanderOptions { Gravity = gravity });
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("gravity", e.Message);
    }

    [Fact]
    public void Other_options_are_checked_and_valid_ones_kept()
    {
        Assert.Equal(-11.99, new LunarLanderOptions { Gravity = -11.99 }.Gravity);
        Assert.Equal(-0.001, new LunarLanderOptions { Gravity = -0.001 }.Gravity);
        // Gymnasium only warns about powers outside [0, 20] and [0, 2]; they are used as given.
        Assert.Equal(25.0, new LunarLanderOptions { WindPower = 25.0 }.WindPower);
        Assert.Equal(-1.0, new LunarLanderOptions { TurbulencePower = -1.0 }.TurbulencePower);
        Assert.DoesNotContain('\n', Assert.Throws<ArgumentException>(() => new LunarLanderOptions { WindPower = double.NaN }).Message);
        Assert.DoesNotContain('\n', Assert.Throws<ArgumentException>(() => new LunarLanderOptions { TurbulencePower = double.PositiveInfinity }).Message);
        var defaults = new LunarLanderOptions();
        Assert.Equal((false, -10.0, false, 15.0, 1.5),
            (defaults.Continuous, defaults.Gravity, defaults.EnableWind, defaults.WindPower, defaults.TurbulencePower));
    }

    [Fact]
    public void Weaker_gravity_falls_slower()
    {
        EnvironmentSpec moon = LunarLanderEnvironments.Spec("LunarLander-g5", new LunarLanderOptions { Gravity = -5.0 });
        using var weak = LunarLanderSpecs.Create(moon);
        using var normal = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        weak.Reset(0, 0);
        normal.Reset(0, 0);
        for (int t = 0; t < 20; t++)
        {
            weak.Step(0, 0);
            normal.Step(0, 0);
        }
        Assert.True(weak.Observations[3] > normal.Observations[3]);
    }

    [Fact]
    public void Invalid_discrete_actions_throw_and_change_nothing()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete, 2);
        env.Reset(0, 0);
        env.Reset(1, 1);
        float[] before = env.Observations.ToArray();
        env.DiscreteActions[0] = 2;
        env.DiscreteActions[1] = 4;
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0, 1]));
        env.DiscreteActions[1] = -1;
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step([0, 1]));
        Assert.Equal(before, env.Observations.ToArray());
        Assert.Equal(0, env.ElapsedSteps[0]);
    }

    [Fact]
    public void Stepping_before_reset_is_refused()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        Assert.Throws<InvalidOperationException>(() => env.Step([0]));
    }

    [Fact]
    public void The_reset_step_is_not_counted_by_the_time_limit()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        Assert.Equal(0, env.ElapsedSteps[0]);
        Assert.False(env.Terminated[0]);
        Assert.Equal(0, env.Rewards[0]);
        Assert.NotNull(env.Lane(0).PreviousShaping);
        env.Step(0, 0);
        Assert.Equal(1, env.ElapsedSteps[0]);
    }

    [Fact]
    public void Legs_are_built_as_gymnasium_builds_them()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        env.Reset(0, 0);
        LunarLanderLane lane = env.Lane(0);
        Box2DWorld world = lane.World!;
        // legs[0] is the i = −1 leg, on the +x side; both legs sit on their limits (±0.4) once settled.
        Assert.True(world.GetPosition(lane.Leg0).X > world.GetPosition(lane.Lander).X);
        Assert.True(world.GetPosition(lane.Leg1).X < world.GetPosition(lane.Lander).X);
        Assert.Equal(4, world.BodyCount);
        Assert.Equal(2, world.JointCount);
        MassData lander = world.GetMassData(lane.Lander);
        Assert.Equal(4.8166666f, lander.Mass, 1e-6f);
        Assert.Equal(0.833314896f, lander.Inertia, 1e-6f);
        Assert.Equal(0.0711111203f, world.GetMassData(lane.Leg0).Mass, 1e-7f);
        // At −0.3 rad/s the motors bring both legs from about ±0.54 onto their stops in under 0.5 s.
        for (int t = 0; t < 30; t++)
        {
            env.Step(0, 0);
            TestContext.Current.TestOutputHelper?.WriteLine($"{t}: {world.GetJointState(lane.Joint0).Angle} {world.GetJointState(lane.Joint1).Angle}");
        }
        Assert.False(lane.Leg0Contact || lane.Leg1Contact);
        Assert.Equal(0.4f, world.GetJointState(lane.Joint0).Angle, 0.02f);
        Assert.Equal(-0.4f, world.GetJointState(lane.Joint1).Angle, 0.02f);
    }

    [Theory]
    [InlineData("LunarLander-v3")]
    [InlineData("LunarLanderContinuous-v3")]
    public void Random_and_zero_rollouts_terminate_with_sane_statistics(string id)
    {
        EnvironmentSpec spec = LunarLanderSpecs.Registry.Get(id);
        RolloutStatistics random = ReferenceRollout.Run(spec, ReferencePolicy.Random, 30, 0);
        RolloutStatistics zero = ReferenceRollout.Run(spec, ReferencePolicy.Zero, 30, 0);
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{id} random: mean {random.MeanReturn:F2} ± {random.StdReturn:F2}, length {random.MeanLength:F1}, terminated {random.TerminatedFraction:P0}");
        output?.WriteLine($"{id} zero: mean {zero.MeanReturn:F2} ± {zero.StdReturn:F2}, length {zero.MeanLength:F1}, terminated {zero.TerminatedFraction:P0}");
        // Gymnasium's random policy scores about −180 ± 100; the no-op always falls and crashes.
        Assert.InRange(random.MeanReturn, -400, -50);
        Assert.All(random.Lengths, l => Assert.InRange(l, 1, 1000));
        Assert.All(random.Returns, r => Assert.True(double.IsFinite(r)));
        Assert.Equal(1.0, zero.TerminatedFraction);
        Assert.InRange(zero.MeanReturn, -300, -50);
        Assert.All(zero.Lengths, l => Assert.InRange(l, 30, 200));
    }

    [Fact]
    public void Steps_allocate_nothing()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.ContinuousWind, 4);
        int[] lanes = [0, 1, 2, 3];
        for (int lane = 0; lane < 4; lane++)
        {
            env.Reset(lane, lane);
        }
        // Warm up every path, contacts included: play until each lane has ended at least once.
        var random = new Random(3);
        for (int t = 0; t < 400; t++)
        {
            for (int i = 0; i < 8; i++)
            {
                env.ContinuousActions[i] = (float)(random.NextDouble() * 2 - 1);
            }
            env.Step(lanes);
        }
        // Tiered JIT promotion allocates a little the first time hot methods are replaced, so look
        // for a steady state: a per-step allocation would show up in every round.
        long fewest = long.MaxValue;
        for (int round = 0; round < 20 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int t = 0; t < 50; t++)
            {
                for (int i = 0; i < 8; i++)
                {
                    env.ContinuousActions[i] = ((t + i) % 5 - 2) * 0.45f;
                }
                env.Step(lanes);
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Render_draws_sky_lander_legs_and_flags_in_pixels()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        var frame = new Frame();
        env.Render(0, frame);
        Assert.Empty(frame.Primitives); // nothing to draw before the first reset

        env.Reset(0, 0);
        env.Render(0, frame);
        Assert.Equal(Rgb.White, frame.Background);
        var sky = frame.Primitives.Take(10).ToList();
        Assert.All(sky, p => Assert.Equal((PrimitiveKind.Polygon, Rgb.Black), (p.Kind, p.Color)));
        Assert.Equal(new Vector2(0f, (float)(2.0008711827620402 * 30)), sky[0].Points[0]);
        Assert.Equal(400f, sky[0].Points[2].Y, 1e-3f);

        var bodies = frame.Primitives.Skip(10).Take(3).ToList();
        Assert.All(bodies, p => Assert.Equal((new Rgb(128, 102, 230), (Rgb?)new Rgb(77, 77, 128)), (p.Color, p.Outline)));
        Assert.Equal(6, bodies[0].Points.Length);
        Assert.Equal(4, bodies[1].Points.Length);
        // The lander polygon surrounds its origin, at 30 px per unit.
        BodyState lander = env.Lane(0).World!.GetState(env.Lane(0).Lander);
        Vector2 centre = bodies[0].Points.Aggregate(Vector2.Zero, (a, b) => a + b) / 6;
        Assert.InRange(Vector2.Distance(centre, lander.Position * 30f), 0f, 6f);

        var flags = frame.Primitives.Skip(13).ToList();
        Assert.Equal(4, flags.Count);
        Assert.Equal((PrimitiveKind.Line, Rgb.White), (flags[0].Kind, flags[0].Color));
        Assert.Equal(new Vector2(240f, 100f), flags[0].Points[0]);
        Assert.Equal(new Vector2(240f, 150f), flags[0].Points[1]);
        Assert.Equal((PrimitiveKind.Polygon, new Rgb(204, 204, 0)), (flags[1].Kind, flags[1].Color));
        Assert.Equal([new Vector2(360f, 150f), new Vector2(360f, 140f), new Vector2(385f, 145f)], flags[3].Points);
    }
}
