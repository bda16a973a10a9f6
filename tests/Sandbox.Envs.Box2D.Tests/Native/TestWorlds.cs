using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

/// <summary>Small scenes shared by the tests.</summary>
internal static class TestWorlds
{
    public const float Dt = 0.02f;
    public const int VelocityIterations = 180;
    public const int PositionIterations = 60;

    public static readonly Vector2 Gravity = new(0f, -10f);

    public static void Step(this Box2DWorld world, int steps = 1)
    {
        for (int i = 0; i < steps; i++)
        {
            world.Step(Dt, VelocityIterations, PositionIterations);
        }
    }

    /// <summary>A static body holding one edge from (-20, 0) to (20, 0).</summary>
    public static BodyId AddGround(Box2DWorld world, ushort category = 0x0001)
    {
        BodyId ground = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        world.AddEdge(ground, new Vector2(-20f, 0f), new Vector2(20f, 0f), new FixtureDef { CategoryBits = category });
        return ground;
    }

    public static BodyId AddDynamicBox(Box2DWorld world, Vector2 position, float halfWidth = 0.5f, float halfHeight = 0.5f)
    {
        BodyId box = world.CreateBody(BodyType.Dynamic, position, 0f);
        world.AddBox(box, halfWidth, halfHeight, new FixtureDef { Density = 1f });
        return box;
    }
}
