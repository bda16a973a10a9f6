using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

/// <summary>envs.md Appendix B (Box2D 2.3 figures).</summary>
public sealed class MassPropertiesTests
{
    internal static readonly (double X, double Y)[] LanderPoly = [(-14, 17), (-17, 0), (-17, -10), (17, -10), (17, 0), (14, 17)];

    internal static Vector2[] LanderVertices()
    {
        var vertices = new Vector2[LanderPoly.Length];
        for (int i = 0; i < vertices.Length; i++)
        {
            vertices[i] = new Vector2((float)(LanderPoly[i].X / 30.0), (float)(LanderPoly[i].Y / 30.0));
        }

        return vertices;
    }

    [Fact]
    public void Lander_polygon_matches_appendix_b()
    {
        using var world = new Box2DWorld(new Vector2(0f, -10f));
        BodyId lander = world.CreateBody(BodyType.Dynamic, new Vector2(10f, (float)(400.0 / 30.0)), 0f);
        world.AddPolygon(lander, LanderVertices(), new FixtureDef { Density = 5f, Friction = 0.1f, CategoryBits = 0x0010, MaskBits = 0x0001 });

        MassData mass = world.GetMassData(lander);

        Assert.Equal(4.8166666, mass.Mass, 1e-5);
        Assert.Equal(0.833314896, mass.Inertia, 1e-5);
        Assert.Equal(0.0, mass.LocalCenter.X, 1e-6);
        Assert.Equal(0.101307191, mass.LocalCenter.Y, 1e-6);
    }

    [Fact]
    public void Lander_leg_box_matches_appendix_b()
    {
        using var world = new Box2DWorld(new Vector2(0f, -10f));
        BodyId leg = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        world.AddBox(leg, (float)(2.0 / 30.0), (float)(8.0 / 30.0), new FixtureDef { Density = 1f });

        MassData mass = world.GetMassData(leg);

        Assert.Equal(0.0711111203, mass.Mass, 1e-7);
        Assert.Equal(0.00179094705, mass.Inertia, 1e-7);
        Assert.Equal(Vector2.Zero, mass.LocalCenter);
    }

    [Fact]
    public void Walker_hull_matches_appendix_b()
    {
        (double X, double Y)[] hullPoly = [(-30, 9), (6, 9), (34, 1), (34, -8), (-30, -8)];
        var vertices = new Vector2[hullPoly.Length];
        for (int i = 0; i < vertices.Length; i++)
        {
            vertices[i] = new Vector2((float)(hullPoly[i].X / 30.0), (float)(hullPoly[i].Y / 30.0));
        }

        using var world = new Box2DWorld(new Vector2(0f, -10f));
        BodyId hull = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        world.AddPolygon(hull, vertices, new FixtureDef { Density = 5f, Friction = 0.1f, CategoryBits = 0x0020, MaskBits = 0x0001 });

        MassData mass = world.GetMassData(hull);

        Assert.Equal(5.42222261, mass.Mass, 1e-5);
        Assert.Equal(2.00174475, mass.Inertia, 1e-5);
        Assert.Equal(-0.0200364366, mass.LocalCenter.X, 1e-6);
        Assert.Equal(-0.00564664043, mass.LocalCenter.Y, 1e-6);
    }
}
