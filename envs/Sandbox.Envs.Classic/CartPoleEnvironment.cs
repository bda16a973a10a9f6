using Sandbox.Core.Environments;
using Sandbox.Core.Random;
using Sandbox.Core.Rendering;

namespace Sandbox.Envs.Classic;

/// <summary>
/// CartPole-v1 as Gymnasium defines it, vectorized: state in double per lane, observations cast
/// to float32, reward 1 per step including the terminating one and 0 after it.
/// </summary>
public sealed class CartPoleEnvironment : VectorEnvironment, IRenderableEnvironment
{
    private const double InitialBound = 0.05;

    private readonly double[] _x;
    private readonly double[] _xDot;
    private readonly double[] _theta;
    private readonly double[] _thetaDot;
    private readonly int[] _stepsBeyondTerminated;
    private readonly NumpyGenerator[] _random;

    /// <summary>Creates <paramref name="count"/> lanes.</summary>
    public CartPoleEnvironment(EnvironmentSpec spec, int count) : base(spec, count)
    {
        _x = new double[count];
        _xDot = new double[count];
        _theta = new double[count];
        _thetaDot = new double[count];
        _stepsBeyondTerminated = new int[count];
        _random = new NumpyGenerator[count];
        for (int i = 0; i < count; i++)
        {
            _random[i] = new NumpyGenerator(0);
        }
    }

    /// <summary>The float64 state of one lane (x, ẋ, θ, θ̇), for tests and rendering.</summary>
    public (double X, double XDot, double Theta, double ThetaDot) State(int lane) =>
        (_x[lane], _xDot[lane], _theta[lane], _thetaDot[lane]);

    /// <summary>Overwrites one lane's state (for constructed-situation tests); the episode continues from it.</summary>
    public void SetState(int lane, double x, double xDot, double theta, double thetaDot)
    {
        _x[lane] = x;
        _xDot[lane] = xDot;
        _theta[lane] = theta;
        _thetaDot[lane] = thetaDot;
        WriteObservation(lane, Observation(lane));
    }

    /// <inheritdoc />
    public void Render(int lane, Frame frame) => CartPoleRenderer.Draw(frame, _x[lane], _theta[lane]);

    /// <summary>Resets with Gymnasium's <c>options={"low": low, "high": high}</c>.</summary>
    public void Reset(int lane, long seed, double low, double high)
    {
        if (low > high)
        {
            throw new ArgumentException($"reset bounds low {low} > high {high}");
        }
        Reset(lane, seed);
        var rng = _random[lane];
        rng.Reseed((ulong)seed);
        Draw(lane, rng, low, high);
        WriteObservation(lane, Observation(lane));
    }

    /// <inheritdoc />
    protected override void ResetLane(int lane, ulong seed, Span<float> observation)
    {
        var rng = _random[lane];
        rng.Reseed(seed);
        Draw(lane, rng, -InitialBound, InitialBound);
        WriteObservation(lane, observation);
    }

    private void Draw(int lane, NumpyGenerator rng, double low, double high)
    {
        _x[lane] = rng.Uniform(low, high);
        _xDot[lane] = rng.Uniform(low, high);
        _theta[lane] = rng.Uniform(low, high);
        _thetaDot[lane] = rng.Uniform(low, high);
        _stepsBeyondTerminated[lane] = -1;
    }

    /// <inheritdoc />
    protected override void StepLanes(ReadOnlySpan<int> lanes)
    {
        var actions = DiscreteActions;
        var rewards = Rewards;
        var terminated = Terminated;
        foreach (int lane in lanes)
        {
            int action = actions[lane];
            if ((uint)action > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(lanes), $"CartPole takes actions 0 or 1, lane {lane} has {action}");
            }
            CartPolePhysics.Step(ref _x[lane], ref _xDot[lane], ref _theta[lane], ref _thetaDot[lane], action);
            bool done = CartPolePhysics.IsTerminal(_x[lane], _theta[lane]);
            terminated[lane] = done;
            if (!done)
            {
                rewards[lane] = 1.0;
            }
            else if (_stepsBeyondTerminated[lane] < 0)
            {
                _stepsBeyondTerminated[lane] = 0;
                rewards[lane] = 1.0;
            }
            else
            {
                _stepsBeyondTerminated[lane]++;
                rewards[lane] = 0.0;
            }
            WriteObservation(lane, Observation(lane));
        }
    }

    private void WriteObservation(int lane, Span<float> observation)
    {
        observation[0] = (float)_x[lane];
        observation[1] = (float)_xDot[lane];
        observation[2] = (float)_theta[lane];
        observation[3] = (float)_thetaDot[lane];
    }
}
