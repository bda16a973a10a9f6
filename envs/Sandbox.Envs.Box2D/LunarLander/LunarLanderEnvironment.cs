using Sandbox.Core.Environments;
using Sandbox.Core.Rendering;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// LunarLander-v3 and LunarLanderContinuous-v3 as Gymnasium defines them (envs.md §4), vectorized:
/// one Box2D 2.3.1 world per lane, rebuilt on every reset. A seed reproduces its episode bit for
/// bit, in any lane, whatever the other lanes do. Stepping allocates nothing. Not thread-safe.
/// </summary>
public sealed class LunarLanderEnvironment : VectorEnvironment, IRenderableEnvironment, IProfiledEnvironment
{
    private readonly LunarLanderLane[] _lanes;

    /// <summary>Creates <paramref name="count"/> lanes of <paramref name="spec"/> with <paramref name="options"/>.</summary>
    public LunarLanderEnvironment(EnvironmentSpec spec, int count, LunarLanderOptions options) : base(spec, count)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (spec.ObservationSpace.FlatSize != 8 || spec.ActionSpace.FlatSize != (options.Continuous ? 2 : 1))
        {
            throw new ArgumentException($"{spec.Id} does not have LunarLander's spaces for continuous={options.Continuous}");
        }
        Options = options;
        _lanes = new LunarLanderLane[count];
        for (int i = 0; i < count; i++)
        {
            _lanes[i] = new LunarLanderLane(options);
        }
    }

    /// <inheritdoc />
    public void TakeProfile(IDictionary<string, long> ticks)
    {
        foreach (var lane in _lanes)
        {
            lane.Profile.TakeInto(ticks);
        }
    }

    /// <summary>The constructor arguments every lane runs with.</summary>
    public LunarLanderOptions Options { get; }

    /// <summary>Lane state for tests (terrain, RNG-derived values, flags, Box2D ids).</summary>
    internal LunarLanderLane Lane(int lane) => _lanes[lane];

    /// <inheritdoc />
    protected override void ResetLane(int lane, ulong seed, Span<float> observation) =>
        _lanes[lane].Reset(seed, observation);

    /// <inheritdoc />
    protected override void StepLanes(ReadOnlySpan<int> lanes)
    {
        Span<double> rewards = Rewards;
        Span<bool> terminated = Terminated;
        if (Options.Continuous)
        {
            foreach (int lane in lanes)
            {
                ReadOnlySpan<float> action = ContinuousAction(lane);
                // np.clip(action, -1, 1).astype(np.float64): clipping a float and widening it commute.
                double a0 = Math.Clamp((double)action[0], -1.0, 1.0);
                double a1 = Math.Clamp((double)action[1], -1.0, 1.0);
                bool fireMain = a0 > 0.0;
                double mainPower = fireMain ? (Math.Clamp(a0, 0.0, 1.0) + 1.0) * 0.5 : 0.0;
                bool fireSide = Math.Abs(a1) > 0.5;
                double direction = fireSide ? Math.Sign(a1) : 0.0;
                double sidePower = fireSide ? Math.Clamp(Math.Abs(a1), 0.5, 1.0) : 0.0;
                rewards[lane] = Advance(lane, fireMain, mainPower, fireSide, direction, sidePower, out terminated[lane]);
            }
            return;
        }

        Span<int> actions = DiscreteActions;
        // Check every lane before moving any, so a refused batch changes nothing.
        foreach (int lane in lanes)
        {
            if ((uint)actions[lane] > 3)
            {
                throw new ArgumentOutOfRangeException(nameof(lanes), $"LunarLander takes actions 0..3, lane {lane} has {actions[lane]}");
            }
        }
        foreach (int lane in lanes)
        {
            int action = actions[lane];
            bool fireSide = action is 1 or 3;
            rewards[lane] = Advance(lane, action == 2, 1.0, fireSide, action - 2, 1.0, out terminated[lane]);
        }
    }

    private double Advance(int lane, bool fireMain, double mainPower, bool fireSide, double direction, double sidePower,
        out bool terminated) =>
        _lanes[lane].Advance(fireMain, mainPower, fireSide, direction, sidePower, Observation(lane), out terminated);

    /// <inheritdoc />
    public void Render(int lane, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        LunarLanderRenderer.Draw(_lanes[lane], frame);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (LunarLanderLane lane in _lanes)
            {
                lane.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
