namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Gymnasium's BipedalWalker constants (envs.md §5.2). Each derived value is written with
/// Gymnasium's operands and operation order, so the doubles match Python's bit for bit.
/// </summary>
internal static class BipedalWalkerConstants
{
    public const double Fps = 50;
    public const double Scale = 30.0;
    public const double MotorsTorque = 80;
    public const double SpeedHip = 4;
    public const double SpeedKnee = 6;
    public const double LidarRange = 160 / Scale;
    public const double InitialRandom = 5;
    public const double LegDown = -8 / Scale;
    public const double LegW = 8 / Scale;
    public const double LegH = 34 / Scale;
    public const double ViewportW = 600;
    public const double ViewportH = 400;
    public const double TerrainStep = 14 / Scale;
    public const int TerrainLength = 200;
    public const double TerrainHeight = ViewportH / Scale / 4;
    public const int TerrainGrass = 10;
    public const int TerrainStartpad = 20;
    public const double Friction = 2.5;

    /// <summary>Start of the hull: TERRAIN_STEP·TERRAIN_STARTPAD/2 = 4.666…</summary>
    public const double InitX = TerrainStep * TerrainStartpad / 2;

    /// <summary>TERRAIN_HEIGHT + 2·LEG_H = 5.6.</summary>
    public const double InitY = TerrainHeight + 2 * LegH;

    /// <summary>The finish line: (TERRAIN_LENGTH − TERRAIN_GRASS)·TERRAIN_STEP = 88.666…</summary>
    public const double FinishX = (TerrainLength - TerrainGrass) * TerrainStep;

    /// <summary>0.00035·MOTORS_TORQUE, which Python multiplies first (= 0.028).</summary>
    public const double EnergyPerUnitTorque = 0.00035 * MotorsTorque;

    /// <summary>Number of lidar rays.</summary>
    public const int LidarRays = 10;

    /// <summary>Number of clouds: TERRAIN_LENGTH // 20.</summary>
    public const int Clouds = TerrainLength / 20;

    /// <summary>Observation length.</summary>
    public const int ObservationSize = 24;

    /// <summary>Action length: hip −1, knee −1, hip +1, knee +1.</summary>
    public const int ActionSize = 4;

    /// <summary>Box2D step: 1/FPS as float, 6·30 velocity and 2·30 position iterations.</summary>
    public const float TimeStep = (float)(1.0 / Fps);
    public const int VelocityIterations = 6 * 30;
    public const int PositionIterations = 2 * 30;

    /// <summary>Walker parts' collision category; they collide only with category 1 (terrain).</summary>
    public const ushort WalkerCategory = 0x0020;
    public const ushort TerrainCategory = 0x0001;

    /// <summary>HULL_POLY in pixels; divided by SCALE and rounded to float where Box2D receives it.</summary>
    public static ReadOnlySpan<double> HullPolygonPixels => [-30, 9, 6, 9, 34, 1, 34, -8, -30, -8];
}
