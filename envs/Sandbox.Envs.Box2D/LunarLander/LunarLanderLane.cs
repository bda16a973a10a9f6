using System.Numerics;
using Sandbox.Core.Random;
using Sandbox.Envs.Box2D.Native;
using static Sandbox.Envs.Box2D.LunarLander.LunarLanderConstants;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// One lane of LunarLander: its RNG, its Box2D world (a new one per reset, as Gymnasium v3 does,
/// which is also what makes a seed reproduce bit for bit whatever ran before) and the episode state.
/// Arithmetic is double in Gymnasium's order; values are cast to float only where Gymnasium hands
/// them to Box2D (envs.md §1.1).
/// </summary>
internal sealed class LunarLanderLane : IDisposable
{
    private const int EventBufferSize = 16;

    private readonly LunarLanderOptions _options;
    private readonly NumpyGenerator _random = new(0);
    private readonly ContactEvent[] _events = new ContactEvent[EventBufferSize];
    private readonly BodyId[] _landerId = new BodyId[1];
    private readonly BodyState[] _landerState = new BodyState[1];
    private readonly double[] _state = new double[8];
    private Box2DWorld? _world;

    public LunarLanderLane(LunarLanderOptions options) => _options = options;

    /// <summary>Where this lane's native time went.</summary>
    public PhysicsProfile Profile { get; } = new();

    /// <summary>The 12 terrain heights after the helipad overwrite.</summary>
    public double[] Heights { get; } = new double[Chunks + 1];

    /// <summary>The smoothed terrain points (11), wrap-around at i = 0 included.</summary>
    public double[] SmoothY { get; } = new double[Chunks];

    public BodyId Lander { get; private set; }

    public BodyId Leg0 { get; private set; }

    public BodyId Leg1 { get; private set; }

    public JointId Joint0 { get; private set; }

    public JointId Joint1 { get; private set; }

    /// <summary>The world of the current episode (null before the first reset).</summary>
    public Box2DWorld? World => _world;

    /// <summary>The push drawn at reset, before its cast to float.</summary>
    public (double X, double Y) InitialForce { get; private set; }

    /// <summary>The dispersion of the last step (already divided by SCALE).</summary>
    public (double D0, double D1) LastDispersion { get; private set; }

    public long WindIndex { get; private set; }

    public long TorqueIndex { get; private set; }

    public bool GameOver { get; private set; }

    /// <summary>legs[0].ground_contact (the i = −1 leg, on the +x side).</summary>
    public bool Leg0Contact { get; private set; }

    /// <summary>legs[1].ground_contact.</summary>
    public bool Leg1Contact { get; private set; }

    public double? PreviousShaping { get; private set; }

    public bool LanderAwake { get; private set; }

    /// <summary>The lander's state after the last world step.</summary>
    public BodyState LanderState => _landerState[0];

    /// <summary>The double observation of the last step (before the float32 cast).</summary>
    public ReadOnlySpan<double> State => _state;

    /// <summary>Gymnasium's reset: new world, terrain, lander, push, [wind], legs, then one no-op step.</summary>
    public void Reset(ulong seed, Span<float> observation)
    {
        _random.Reseed(seed);
        // Gymnasium's _destroy() detaches the listener first; disposing the whole world records nothing.
        _world?.Dispose();
        _world = null;
        var world = new Box2DWorld(new Vector2(0f, (float)_options.Gravity));
        _world = world;
        GameOver = false;
        PreviousShaping = null;
        Leg0Contact = false;
        Leg1Contact = false;

        BuildTerrain(world);
        BuildLander(world);
        if (_options.EnableWind)
        {
            // integers(-9999, 9999) excludes 9999; each takes half a 64-bit output (envs.md §10.1).
            WindIndex = _random.Integers(-9999, 9999);
            TorqueIndex = _random.Integers(-9999, 9999);
        }
        BuildLegs(world);
        // The first step's tip and engine points use the lander as created (position and angle read back as floats).
        world.ReadBodies(_landerId, _landerState);

        // The no-op step inside reset sets prev_shaping; TimeLimit never sees it, and its reward
        // and termination are discarded as Gymnasium's reset discards them.
        Advance(false, 0, false, 0, 0, observation, out _);
    }

    private void BuildTerrain(Box2DWorld world)
    {
        double[] height = Heights;
        for (int i = 0; i <= Chunks; i++)
        {
            height[i] = _random.Uniform(0, H / 2);
        }
        for (int i = Chunks / 2 - 2; i <= Chunks / 2 + 2; i++)
        {
            height[i] = PadHeight;
        }
        for (int i = 0; i < Chunks; i++)
        {
            // Python's height[i - 1] at i = 0 is height[-1], the last element: keep the wrap-around.
            double previous = i == 0 ? height[Chunks] : height[i - 1];
            SmoothY[i] = 0.33 * (previous + height[i] + height[i + 1]);
        }

        BodyId moon = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        // The full-width base edge comes first, from a default fixture definition (friction 0.2).
        world.AddEdge(moon, Vector2.Zero, new Vector2((float)W, 0f), new FixtureDef());
        var chunkFixture = new FixtureDef { Density = 0f, Friction = 0.1f };
        for (int i = 0; i < Chunks - 1; i++)
        {
            var p1 = new Vector2((float)ChunkX(i), (float)SmoothY[i]);
            var p2 = new Vector2((float)ChunkX(i + 1), (float)SmoothY[i + 1]);
            world.AddEdge(moon, p1, p2, chunkFixture);
        }
    }

    /// <summary>chunk_x[i] = W/(CHUNKS−1)·i, evaluated as Gymnasium does.</summary>
    public static double ChunkX(int i) => W / (Chunks - 1) * i;

    private void BuildLander(Box2DWorld world)
    {
        Lander = world.CreateBody(BodyType.Dynamic, new Vector2((float)HalfWidth, (float)H), 0f);
        ReadOnlySpan<double> poly = LanderPolygon;
        Span<Vector2> vertices = stackalloc Vector2[poly.Length / 2];
        for (int i = 0; i < vertices.Length; i++)
        {
            vertices[i] = new Vector2((float)(poly[2 * i] / Scale), (float)(poly[2 * i + 1] / Scale));
        }
        world.AddPolygon(Lander, vertices, new FixtureDef
        {
            Density = 5.0f,
            Friction = 0.1f,
            CategoryBits = 0x0010,
            MaskBits = 0x0001,
            Restitution = 0.0f,
        });
        _landerId[0] = Lander;
        double fx = _random.Uniform(-InitialRandom, InitialRandom);
        double fy = _random.Uniform(-InitialRandom, InitialRandom);
        InitialForce = (fx, fy);
        world.ApplyForceToCenter(Lander, new Vector2((float)fx, (float)fy), wake: true);
    }

    private void BuildLegs(Box2DWorld world)
    {
        var legFixture = new FixtureDef
        {
            Density = 1.0f,
            Restitution = 0.0f,
            CategoryBits = 0x0020,
            MaskBits = 0x0001,
        };
        for (int i = -1; i <= 1; i += 2)
        {
            BodyId leg = world.CreateBody(BodyType.Dynamic,
                new Vector2((float)(HalfWidth - i * LegAway / Scale), (float)H), (float)(i * 0.05));
            world.AddBox(leg, (float)(LegW / Scale), (float)(LegH / Scale), legFixture);
            JointId joint = world.CreateRevoluteJoint(new RevoluteJointDef
            {
                BodyA = Lander,
                BodyB = leg,
                LocalAnchorA = Vector2.Zero,
                LocalAnchorB = new Vector2((float)(i * LegAway / Scale), (float)(LegDown / Scale)),
                // pybox2d sets referenceAngle = bodyB.angle − bodyA.angle itself; Box2D's default is 0 (envs.md §8.1.1).
                ReferenceAngle = (float)(i * 0.05),
                EnableMotor = true,
                EnableLimit = true,
                MaxMotorTorque = (float)LegSpringTorque,
                MotorSpeed = (float)(+0.3 * i),
                LowerAngle = i == -1 ? (float)(+0.9 - 0.5) : -0.9f,
                UpperAngle = i == -1 ? +0.9f : (float)(-0.9 + 0.5),
            });
            if (i == -1)
            {
                Leg0 = leg;
                Joint0 = joint;
            }
            else
            {
                Leg1 = leg;
                Joint1 = joint;
            }
        }
    }

    /// <summary>
    /// One Gymnasium step (envs.md §4.5): wind, engines, world step, contacts, observation, reward.
    /// Engine powers are 0 for an engine that does not fire.
    /// </summary>
    /// <param name="fireMain">Whether the main engine fires.</param>
    /// <param name="mainPower">m_power.</param>
    /// <param name="fireSide">Whether a side engine fires.</param>
    /// <param name="direction">−1 or +1 (action 1 → −1, action 3 → +1; sign(a1) when continuous).</param>
    /// <param name="sidePower">s_power.</param>
    /// <param name="observation">Receives the float32 observation.</param>
    /// <param name="terminated">Whether the episode ended.</param>
    public double Advance(bool fireMain, double mainPower, bool fireSide, double direction, double sidePower,
        Span<float> observation, out bool terminated)
    {
        Box2DWorld world = _world ?? throw new InvalidOperationException("reset the lane before stepping it");
        BodyId lander = Lander;

        if (_options.EnableWind && !(Leg0Contact || Leg1Contact))
        {
            // Python's math.* on doubles; π·0.01 is evaluated before the multiplication by the index.
            double wind = Math.Tanh(Math.Sin(0.02 * WindIndex) + Math.Sin(Math.PI * 0.01 * WindIndex)) * _options.WindPower;
            WindIndex++;
            world.ApplyForceToCenter(lander, new Vector2((float)wind, 0f), wake: true);
            double torque = Math.Tanh(Math.Sin(0.02 * TorqueIndex) + Math.Sin(Math.PI * 0.01 * TorqueIndex)) * _options.TurbulencePower;
            TorqueIndex++;
            world.ApplyTorque(lander, (float)torque, wake: true);
        }

        // The lander has not moved since the last world step, so its cached state is the current one.
        BodyState current = _landerState[0];
        double angle = current.Angle;
        double tipX = Math.Sin(angle);
        double tipY = Math.Cos(angle);
        double sideX = -tipY;
        double sideY = tipX;
        double d0 = _random.Uniform(-1.0, +1.0) / Scale;
        double d1 = _random.Uniform(-1.0, +1.0) / Scale;
        LastDispersion = (d0, d1);
        double posX = current.X;
        double posY = current.Y;

        if (fireMain)
        {
            double k = MainEngineYLocation / Scale + 2 * d0;
            double ox = tipX * k + sideX * d1;
            double oy = -tipY * k - sideY * d1;
            // Gymnasium creates a particle here only when a render mode is set (the reference figures
            // were measured without); particles draw no random numbers and only reach the lander
            // through Box2D's solver order, so they are left out and rendering cannot change physics.
            world.ApplyLinearImpulse(lander,
                new Vector2((float)(-ox * MainEnginePower * mainPower), (float)(-oy * MainEnginePower * mainPower)),
                new Vector2((float)(posX + ox), (float)(posY + oy)), wake: true);
        }
        else
        {
            mainPower = 0.0;
        }

        if (fireSide)
        {
            double q = 3 * d1 + direction * SideEngineAway / Scale;
            double ox = tipX * d0 + sideX * q;
            double oy = -tipY * d0 - sideY * q;
            // Gymnasium's "17 vs 14" quirk: 17/SCALE in x but SIDE_ENGINE_HEIGHT (14) in y.
            double px = posX + ox - tipX * 17 / Scale;
            double py = posY + oy + tipY * SideEngineHeight / Scale;
            world.ApplyLinearImpulse(lander,
                new Vector2((float)(-ox * SideEnginePower * sidePower), (float)(-oy * SideEnginePower * sidePower)),
                new Vector2((float)px, (float)py), wake: true);
        }
        else
        {
            sidePower = 0.0;
        }

        long t0 = PhysicsProfile.Now();
        world.StepAndRead((float)TimeStep, VelocityIterations, PositionIterations, _landerId, _landerState);
        Profile.StepTicks += PhysicsProfile.Now() - t0;
        DrainContacts(world);
        LanderAwake = world.IsAwake(lander);

        BodyState next = _landerState[0];
        Span<double> s = _state;
        LunarLanderRules.Observe(next.X, next.Y, next.VelocityX, next.VelocityY, next.Angle, next.AngularVelocity,
            Leg0Contact, Leg1Contact, s);
        double shaping = LunarLanderRules.Shaping(s);
        double reward = LunarLanderRules.Reward(shaping, PreviousShaping, mainPower, sidePower, s[0], GameOver, LanderAwake,
            out terminated);
        PreviousShaping = shaping;
        for (int i = 0; i < 8; i++)
        {
            observation[i] = (float)s[i];
        }
        return reward;
    }

    /// <summary>
    /// Replays the step's BeginContact/EndContact callbacks in Box2D's order. The flags are
    /// booleans, not counters, exactly as Gymnasium's listener sets them.
    /// </summary>
    private void DrainContacts(Box2DWorld world)
    {
        ContactEvent[] events = _events;
        int lander = Lander.Value;
        int leg0 = Leg0.Value;
        int leg1 = Leg1.Value;
        int n;
        do
        {
            n = world.TakeContactEvents(events);
            for (int e = 0; e < n; e++)
            {
                ContactEvent ev = events[e];
                int a = ev.BodyA.Value;
                int b = ev.BodyB.Value;
                if (ev.Kind == ContactEventKind.Begin)
                {
                    GameOver |= a == lander || b == lander;
                    Leg0Contact |= a == leg0 || b == leg0;
                    Leg1Contact |= a == leg1 || b == leg1;
                }
                else
                {
                    Leg0Contact &= !(a == leg0 || b == leg0);
                    Leg1Contact &= !(a == leg1 || b == leg1);
                }
            }
        }
        while (n == events.Length);
    }

    public void Dispose()
    {
        _world?.Dispose();
        _world = null;
    }
}
