using System.Numerics;
using Sandbox.Core.Random;
using Sandbox.Envs.Box2D.Native;
using static Sandbox.Envs.Box2D.BipedalWalker.BipedalWalkerConstants;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Creates the walker's bodies, fixtures and joints in Gymnasium's order (envs.md §5.4, §5.5, §8.1):
/// obstacles, the 199 terrain edges, the hull with its push, then for i = −1, +1 the upper leg,
/// hip, lower leg and knee. Doubles are rounded to float exactly where pybox2d hands them to Box2D.
/// </summary>
internal static class WalkerWorldBuilder
{
    // fd_edge sets categoryBits explicitly; fd_polygon (obstacles) keeps the defaults (category 1, mask 0xFFFF).
    private static readonly FixtureDef Edge = new() { Friction = (float)Friction, CategoryBits = TerrainCategory };
    private static readonly FixtureDef Obstacle = new() { Friction = (float)Friction };

    private static readonly FixtureDef HullFixture = new()
    {
        Density = 5.0f, Friction = 0.1f, Restitution = 0f, CategoryBits = WalkerCategory, MaskBits = TerrainCategory,
    };

    // Friction is left at Box2D's default 0.2, as Gymnasium's LEG_FD and LOWER_FD do.
    private static readonly FixtureDef LegFixture = new()
    {
        Density = 1.0f, Restitution = 0f, CategoryBits = WalkerCategory, MaskBits = TerrainCategory,
    };

    private static readonly Vector2[] HullVertices = MakeHullVertices();

    /// <summary>One static body per obstacle polygon, then one per terrain edge (i = 0..198).</summary>
    public static void AddTerrain(Box2DWorld world, TerrainGenerator terrain)
    {
        Span<Vector2> quad = stackalloc Vector2[4];
        for (int k = 0; k < terrain.ObstacleCount; k++)
        {
            ReadOnlySpan<double> v = terrain.Obstacle(k);
            for (int p = 0; p < 4; p++)
            {
                quad[p] = new Vector2((float)v[2 * p], (float)v[2 * p + 1]);
            }
            BodyId body = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
            world.AddPolygon(body, quad, Obstacle);
        }
        ReadOnlySpan<double> xs = terrain.X, ys = terrain.Y;
        for (int i = 0; i < TerrainLength - 1; i++)
        {
            BodyId body = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
            world.AddEdge(body, new Vector2((float)xs[i], (float)ys[i]), new Vector2((float)xs[i + 1], (float)ys[i + 1]), Edge);
        }
    }

    /// <summary>
    /// Hull (pushed by <c>uniform(−5, 5)</c> in x, the reset's last draw), legs and joints.
    /// Fills <paramref name="bodies"/> = [hull, upper −1, lower −1, upper +1, lower +1] and
    /// <paramref name="joints"/> = [hip −1, knee −1, hip +1, knee +1].
    /// </summary>
    public static void AddWalker(Box2DWorld world, NumpyGenerator random, Span<BodyId> bodies, Span<JointId> joints)
    {
        BodyId hull = world.CreateBody(BodyType.Dynamic, new Vector2((float)InitX, (float)InitY), 0f);
        world.AddPolygon(hull, HullVertices, HullFixture);
        double push = random.Uniform(-InitialRandom, InitialRandom);
        world.ApplyForceToCenter(hull, new Vector2((float)push, 0f), wake: true);
        bodies[0] = hull;

        for (int k = 0; k < 2; k++)
        {
            int i = k == 0 ? -1 : +1;
            // pybox2d's revoluteJointDef sets referenceAngle = bodyB.angle − bodyA.angle (§8.1.1):
            // i·0.05 for the hip (hull angle 0) and 0 for the knee; Box2D's own default would be 0.
            float legAngle = (float)(i * 0.05);
            BodyId upper = world.CreateBody(BodyType.Dynamic, new Vector2((float)InitX, (float)(InitY - LegH / 2 - LegDown)), legAngle);
            world.AddBox(upper, (float)(LegW / 2), (float)(LegH / 2), LegFixture);
            JointId hip = world.CreateRevoluteJoint(new RevoluteJointDef
            {
                BodyA = hull,
                BodyB = upper,
                LocalAnchorA = new Vector2(0f, (float)LegDown),
                LocalAnchorB = new Vector2(0f, (float)(LegH / 2)),
                ReferenceAngle = legAngle - 0f,
                EnableMotor = true,
                EnableLimit = true,
                MaxMotorTorque = (float)MotorsTorque,
                MotorSpeed = i,
                LowerAngle = -0.8f,
                UpperAngle = 1.1f,
            });

            BodyId lower = world.CreateBody(BodyType.Dynamic, new Vector2((float)InitX, (float)(InitY - LegH * 3 / 2 - LegDown)), legAngle);
            world.AddBox(lower, (float)(0.8 * LegW / 2), (float)(LegH / 2), LegFixture);
            JointId knee = world.CreateRevoluteJoint(new RevoluteJointDef
            {
                BodyA = upper,
                BodyB = lower,
                LocalAnchorA = new Vector2(0f, (float)(-LegH / 2)),
                LocalAnchorB = new Vector2(0f, (float)(LegH / 2)),
                ReferenceAngle = legAngle - legAngle,
                EnableMotor = true,
                EnableLimit = true,
                MaxMotorTorque = (float)MotorsTorque,
                MotorSpeed = 1f,
                LowerAngle = -1.6f,
                UpperAngle = -0.1f,
            });

            bodies[1 + 2 * k] = upper;
            bodies[2 + 2 * k] = lower;
            joints[2 * k] = hip;
            joints[2 * k + 1] = knee;
        }
    }

    /// <summary>The hull polygon in world units, as float (HULL_POLY / SCALE).</summary>
    internal static ReadOnlySpan<Vector2> Hull => HullVertices;

    /// <summary>Half-extents of the upper (k = 0) and lower (k = 1) leg boxes, as float.</summary>
    internal static Vector2 LegHalfExtents(bool lower) =>
        new(lower ? (float)(0.8 * LegW / 2) : (float)(LegW / 2), (float)(LegH / 2));

    private static Vector2[] MakeHullVertices()
    {
        ReadOnlySpan<double> pixels = HullPolygonPixels;
        var vertices = new Vector2[pixels.Length / 2];
        for (int p = 0; p < vertices.Length; p++)
        {
            vertices[p] = new Vector2((float)(pixels[2 * p] / Scale), (float)(pixels[2 * p + 1] / Scale));
        }
        return vertices;
    }
}
