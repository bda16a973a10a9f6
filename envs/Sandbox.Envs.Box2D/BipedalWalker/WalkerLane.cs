using System.Numerics;
using Sandbox.Core.Random;
using Sandbox.Envs.Box2D.Native;
using static Sandbox.Envs.Box2D.BipedalWalker.BipedalWalkerConstants;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// One BipedalWalker instance: its RNG, its own Box2D world (rebuilt on every reset, envs.md §5.3)
/// and the per-step buffers. A step is five native calls (motors, step-and-read, contact events,
/// lidar, joints) and allocates nothing.
/// </summary>
internal sealed class WalkerLane : IDisposable
{
    /// <summary>Index of the hull in <see cref="States"/>; legs follow in Gymnasium's order.</summary>
    public const int Hull = 0;

    private static readonly double[] LidarDx = new double[LidarRays];
    private static readonly double[] LidarDy = new double[LidarRays];
    private static readonly double[] MotorSpeeds = [SpeedHip, SpeedKnee, SpeedHip, SpeedKnee];

    private readonly bool _hardcore;
    private readonly NumpyGenerator _random = new(0);
    private readonly BodyId[] _bodies = new BodyId[5];
    private readonly JointId[] _joints = new JointId[4];
    private readonly BodyState[] _states = new BodyState[5];
    private readonly JointState[] _jointStates = new JointState[4];
    private readonly float[] _speeds = new float[4];
    private readonly float[] _torques = new float[4];
    private readonly RaySegment[] _rays = new RaySegment[LidarRays];
    private readonly float[] _fractions = new float[LidarRays];
    private readonly Vector2[] _hits = new Vector2[LidarRays];
    private readonly ContactEvent[] _events = new ContactEvent[32];
    private Box2DWorld? _world;
    private int _obstacleBodies;
    private bool _gameOver;
    private bool _lowerContactMinus;
    private bool _lowerContactPlus;
    private bool _hasPrevShaping;
    private double _prevShaping;

    static WalkerLane()
    {
        for (int i = 0; i < LidarRays; i++)
        {
            LidarDx[i] = Math.Sin(1.5 * i / 10.0) * LidarRange;
            LidarDy[i] = Math.Cos(1.5 * i / 10.0) * LidarRange;
        }
    }

    public WalkerLane(bool hardcore) => _hardcore = hardcore;

    /// <summary>The terrain and clouds of the current episode.</summary>
    public TerrainGenerator Terrain { get; } = new();

    /// <summary>Hull, upper leg −1, lower leg −1, upper leg +1, lower leg +1 after the last step.</summary>
    public ReadOnlySpan<BodyState> States => _states;

    /// <summary>Where this lane's native time went.</summary>
    public PhysicsProfile Profile { get; } = new();

    /// <summary>Start and (hit or end) point of each lidar ray of the last step.</summary>
    public ReadOnlySpan<Vector2> LidarHits => _hits;

    /// <summary>Whether the hull has touched the terrain this episode.</summary>
    public bool GameOver => _gameOver;

    /// <summary>Gymnasium's <c>scroll</c>: hull x − 4 after the last step.</summary>
    public double Scroll { get; private set; }

    /// <summary>Gymnasium's <c>lidar_render</c> counter, advanced by each render.</summary>
    public int LidarRender { get; set; }

    /// <summary>BeginContact events this episode that involved an obstacle body (hardcore diagnostics).</summary>
    public int ObstacleContacts { get; private set; }

    /// <summary>The world, for tests that need to push the walker into a situation.</summary>
    internal Box2DWorld World => _world ?? throw new InvalidOperationException("the lane has not been reset");

    /// <summary>The hull's body id.</summary>
    internal BodyId HullBody => _bodies[Hull];

    /// <summary>Gymnasium's <c>reset(seed)</c>: a fresh world, terrain, clouds, walker, then the no-op step.</summary>
    public void Reset(ulong seed, Span<float> observation)
    {
        _random.Reseed(seed);
        _world?.Dispose();
        _world = null;
        var world = new Box2DWorld(new Vector2(0f, -10f));
        _world = world;
        _gameOver = false;
        _lowerContactMinus = _lowerContactPlus = false;
        _hasPrevShaping = false;
        _prevShaping = 0;
        Scroll = 0;
        LidarRender = 0;
        ObstacleContacts = 0;

        // Obstacles are created while the terrain is generated; creating bodies draws nothing,
        // so building them right after generation keeps both the RNG and the body order.
        Terrain.Generate(_random, _hardcore);
        _obstacleBodies = Terrain.ObstacleCount;
        WalkerWorldBuilder.AddTerrain(world, Terrain);
        Terrain.GenerateClouds(_random);
        WalkerWorldBuilder.AddWalker(world, _random, _bodies, _joints);

        // Gymnasium returns the observation of step([0, 0, 0, 0]); its reward is discarded.
        Step(stackalloc float[ActionSize], observation, out _);
    }

    /// <summary>Gymnasium's <c>step(action)</c> (envs.md §5.8); returns <c>terminated</c>.</summary>
    public bool Step(ReadOnlySpan<float> action, Span<float> observation, out double reward)
    {
        Box2DWorld world = World;
        for (int j = 0; j < ActionSize; j++)
        {
            float a = action[j];
            if (!float.IsFinite(a))
            {
                throw new ArgumentOutOfRangeException(nameof(action), $"BipedalWalker action {j} is {a}; actions must be finite");
            }
            _speeds[j] = (float)(MotorSpeeds[j] * Math.Sign(a));
            // NumPy 1.x: 80 · float32 scalar is a float64 product, then float() and Box2D's float cast.
            _torques[j] = (float)(MotorsTorque * Clip01(Math.Abs(a)));
        }
        world.SetMotors(_joints, _speeds, _torques);
        long t0 = PhysicsProfile.Now();
        world.StepAndRead(TimeStep, VelocityIterations, PositionIterations, _bodies, _states);
        Profile.StepTicks += PhysicsProfile.Now() - t0;
        TakeContacts(world);

        BodyState hull = _states[Hull];
        double x = hull.X, y = hull.Y;
        for (int i = 0; i < LidarRays; i++)
        {
            _rays[i] = new RaySegment(new Vector2(hull.X, hull.Y), new Vector2((float)(x + LidarDx[i]), (float)(y - LidarDy[i])));
        }
        long t1 = PhysicsProfile.Now();
        world.RayCastClosest(_rays, _fractions, _hits, TerrainCategory);
        Profile.RayCastTicks += PhysicsProfile.Now() - t1;
        world.ReadJoints(_joints, _jointStates);

        double angle = hull.Angle;
        observation[0] = hull.Angle;
        observation[1] = (float)(2.0 * hull.AngularVelocity / Fps);
        observation[2] = (float)(0.3 * hull.VelocityX * (ViewportW / Scale) / Fps);
        observation[3] = (float)(0.3 * hull.VelocityY * (ViewportH / Scale) / Fps);
        observation[4] = _jointStates[0].Angle;
        observation[5] = (float)(_jointStates[0].Speed / SpeedHip);
        observation[6] = (float)(_jointStates[1].Angle + 1.0);
        observation[7] = (float)(_jointStates[1].Speed / SpeedKnee);
        observation[8] = _lowerContactMinus ? 1f : 0f;
        observation[9] = _jointStates[2].Angle;
        observation[10] = (float)(_jointStates[2].Speed / SpeedHip);
        observation[11] = (float)(_jointStates[3].Angle + 1.0);
        observation[12] = (float)(_jointStates[3].Speed / SpeedKnee);
        observation[13] = _lowerContactPlus ? 1f : 0f;
        _fractions.CopyTo(observation[14..]);

        Scroll = x - ViewportW / Scale / 5;

        double shaping = 130 * x / Scale;
        shaping -= 5.0 * Math.Abs(angle);
        reward = _hasPrevShaping ? shaping - _prevShaping : 0;
        _prevShaping = shaping;
        _hasPrevShaping = true;
        for (int j = 0; j < ActionSize; j++)
        {
            // NumPy 1.x: 0.028 (a Python float) times a float32 scalar is computed in float64.
            reward -= EnergyPerUnitTorque * Clip01(Math.Abs(action[j]));
        }

        bool terminated = false;
        if (_gameOver || x < 0)
        {
            reward = -100;
            terminated = true;
        }
        if (x > FinishX)
        {
            terminated = true;
        }
        return terminated;
    }

    public void Dispose()
    {
        _world?.Dispose();
        _world = null;
    }

    // np.clip(|a|, 0, 1) on a float32 scalar: the value stays a float32, widened exactly.
    private static double Clip01(float value) => value > 1f ? 1.0 : value < 0f ? 0.0 : value;

    // Gymnasium's ContactDetector, replayed in callback order: flags are booleans, not counters.
    private void TakeContacts(Box2DWorld world)
    {
        BodyId hull = _bodies[0], lowerMinus = _bodies[2], lowerPlus = _bodies[4];
        int taken;
        do
        {
            taken = world.TakeContactEvents(_events);
            for (int e = 0; e < taken; e++)
            {
                ContactEvent contact = _events[e];
                if (contact.Kind == ContactEventKind.Begin)
                {
                    if (contact.Involves(hull))
                    {
                        _gameOver = true;
                    }
                    if (contact.Involves(lowerMinus))
                    {
                        _lowerContactMinus = true;
                    }
                    if (contact.Involves(lowerPlus))
                    {
                        _lowerContactPlus = true;
                    }
                    // Obstacles are the first bodies created, so their ids are 0 .. count − 1.
                    if (contact.BodyA.Value < _obstacleBodies || contact.BodyB.Value < _obstacleBodies)
                    {
                        ObstacleContacts++;
                    }
                }
                else
                {
                    if (contact.Involves(lowerMinus))
                    {
                        _lowerContactMinus = false;
                    }
                    if (contact.Involves(lowerPlus))
                    {
                        _lowerContactPlus = false;
                    }
                }
            }
        }
        while (taken == _events.Length);
    }
}
