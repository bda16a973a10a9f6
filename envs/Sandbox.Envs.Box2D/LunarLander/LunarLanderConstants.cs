namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// Gymnasium's LunarLander constants (envs.md §4.2) and the values derived from them. Derived
/// values are written as the same double expressions Gymnasium evaluates, so they carry the same
/// last bits (e.g. <see cref="PadHeight"/> is 3.3333333333333335, not a rounded literal).
/// </summary>
public static class LunarLanderConstants
{
    /// <summary>Simulation steps per second; one env step is one world step of 1/FPS.</summary>
    public const int Fps = 50;

    /// <summary>Pixels per world unit.</summary>
    public const double Scale = 30.0;

    /// <summary>Main engine impulse per unit of offset.</summary>
    public const double MainEnginePower = 13.0;

    /// <summary>Side engine impulse per unit of offset.</summary>
    public const double SideEnginePower = 0.6;

    /// <summary>Bound of each component of the initial push force.</summary>
    public const double InitialRandom = 1000.0;

    /// <summary>Horizontal distance of a leg from the lander origin, in pixels.</summary>
    public const double LegAway = 20;

    /// <summary>Vertical offset of the leg anchor, in pixels.</summary>
    public const double LegDown = 18;

    /// <summary>Leg half-width in pixels (passed to <c>SetAsBox</c> as a half-extent).</summary>
    public const double LegW = 2;

    /// <summary>Leg half-height in pixels.</summary>
    public const double LegH = 8;

    /// <summary>Maximum torque of each leg's motor.</summary>
    public const double LegSpringTorque = 40;

    /// <summary>Height of the side engines (used in y only; x uses 17, Gymnasium's quirk).</summary>
    public const double SideEngineHeight = 14.0;

    /// <summary>Horizontal distance of the side engines.</summary>
    public const double SideEngineAway = 12.0;

    /// <summary>Main engine offset below the origin, in pixels.</summary>
    public const double MainEngineYLocation = 4;

    /// <summary>Viewport width in pixels.</summary>
    public const int ViewportWidth = 600;

    /// <summary>Viewport height in pixels.</summary>
    public const int ViewportHeight = 400;

    /// <summary>Terrain chunks (11 points, 10 edges).</summary>
    public const int Chunks = 11;

    /// <summary>World width W = 20.0.</summary>
    public const double W = ViewportWidth / Scale;

    /// <summary>World height H = 13.333333333333334.</summary>
    public const double H = ViewportHeight / Scale;

    /// <summary>Helipad height H/4 = 3.3333333333333335 (flags and observation; the terrain sits at 3.3000000000000003).</summary>
    public const double PadHeight = H / 4;

    /// <summary>Left helipad edge chunk_x[4] = 8.0.</summary>
    public const double PadX1 = W / (Chunks - 1) * (Chunks / 2 - 1);

    /// <summary>Right helipad edge chunk_x[6] = 12.0.</summary>
    public const double PadX2 = W / (Chunks - 1) * (Chunks / 2 + 1);

    /// <summary>Half the world width, the x origin and unit of observation 0 (10.0).</summary>
    public const double HalfWidth = ViewportWidth / Scale / 2;

    /// <summary>Half the world height, the unit of observation 1 (6.666666666666667).</summary>
    public const double HalfHeight = ViewportHeight / Scale / 2;

    /// <summary>Reference height of observation 1: helipad_y + LEG_DOWN/SCALE = 3.9333333333333336.</summary>
    public const double ObservationYOrigin = PadHeight + LegDown / Scale;

    /// <summary>Box2D time step, cast to float where it enters Box2D.</summary>
    public const double TimeStep = 1.0 / Fps;

    /// <summary>Velocity iterations per world step (6·30).</summary>
    public const int VelocityIterations = 6 * 30;

    /// <summary>Position iterations per world step (2·30).</summary>
    public const int PositionIterations = 2 * 30;

    /// <summary>The lander polygon in pixels, in Gymnasium's order (Box2D reorders it into its hull).</summary>
    public static ReadOnlySpan<double> LanderPolygon => [-14, 17, -17, 0, -17, -10, 17, -10, 17, 0, 14, 17];
}
