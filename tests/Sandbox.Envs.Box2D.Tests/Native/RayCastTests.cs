using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class RayCastTests
{
    /// <summary>
    /// Ground edge (category 1) at y = 0, a category-0x20 box over y ∈ [1.5, 2.5] above it and a
    /// category-1 box over y ∈ [-3, -2] below it.
    /// </summary>
    private static Box2DWorld Scene()
    {
        var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        BodyId ignored = world.CreateBody(BodyType.Static, new Vector2(0f, 2f), 0f);
        world.AddBox(ignored, 0.5f, 0.5f, new FixtureDef { CategoryBits = 0x0020 });
        BodyId below = world.CreateBody(BodyType.Static, new Vector2(0f, -2.5f), 0f);
        world.AddBox(below, 0.5f, 0.5f, new FixtureDef());
        return world;
    }

    [Fact]
    public void Closest_hit_among_fixtures_with_category_bit_1()
    {
        using Box2DWorld world = Scene();
        RaySegment[] rays =
        [
            new(new Vector2(0f, 5f), new Vector2(0f, -5f)),    // through the 0x20 box, ground and the lower box
            new(new Vector2(0.1f, -5f), new Vector2(0.1f, 5f)), // upwards: the lower box first
            new(new Vector2(5f, 5f), new Vector2(5f, 1f)),      // hits nothing
        ];
        var fractions = new float[3];
        var points = new Vector2[3];

        world.RayCastClosest(rays, fractions, points);

        Assert.Equal(0.5f, fractions[0], 1e-6f);
        Assert.Equal(new Vector2(0f, 0f), points[0]);
        Assert.Equal(0.2f, fractions[1], 1e-6f);
        Assert.Equal(-3f, points[1].Y, 1e-6f);
        Assert.Equal(1f, fractions[2]);
        Assert.Equal(new Vector2(5f, 1f), points[2]);
    }

    [Fact]
    public void Category_mask_selects_which_fixtures_count()
    {
        using Box2DWorld world = Scene();
        RaySegment[] rays = [new(new Vector2(0f, 5f), new Vector2(0f, -5f))];
        var fractions = new float[1];
        var points = new Vector2[1];

        world.RayCastClosest(rays, fractions, points, categoryMask: 0x0020);

        Assert.Equal(0.25f, fractions[0], 1e-6f);
        Assert.Equal(2.5f, points[0].Y, 1e-6f);
    }

    [Fact]
    public void Zero_length_ray_is_refused_not_asserted()
    {
        using Box2DWorld world = Scene();
        RaySegment[] rays = [new(new Vector2(0f, 5f), new Vector2(0f, 5f))];

        var e = Assert.Throws<Box2DException>(() => world.RayCastClosest(rays, new float[1], new Vector2[1]));

        Assert.Equal(Box2DError.InvalidArgument, e.Error);
    }
}
