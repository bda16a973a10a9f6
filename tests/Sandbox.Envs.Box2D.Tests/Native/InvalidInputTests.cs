using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

/// <summary>
/// Debian's Box2D aborts the process on a failed assertion; the shim must refuse these inputs
/// itself. Each test reaching its end shows the process survived; each also checks the world
/// still works afterwards.
/// </summary>
public sealed class InvalidInputTests
{
    private static readonly FixtureDef Solid = new() { Density = 1f };

    private static void AssertRefused(Box2DError expected, Action call)
    {
        var e = Assert.Throws<Box2DException>(call);
        Assert.Equal(expected, e.Error);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    private static void AssertStillWorks(Box2DWorld world)
    {
        BodyId probe = world.CreateBody(BodyType.Dynamic, new Vector2(0f, 50f), 0f);
        world.AddCircle(probe, Vector2.Zero, 0.5f, Solid);
        world.Step(2);
        Assert.True(world.GetPosition(probe).Y < 50f);
    }

    [Fact]
    public void Polygon_with_nine_vertices_is_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        var nine = new Vector2[9];
        for (int i = 0; i < 9; i++)
        {
            nine[i] = new Vector2(MathF.Cos(i * 2f * MathF.PI / 9f), MathF.Sin(i * 2f * MathF.PI / 9f));
        }

        AssertRefused(Box2DError.BadShape, () => world.AddPolygon(body, nine, Solid));
        AssertRefused(Box2DError.BadShape, () => world.AddPolygon(body, nine.AsSpan(0, 2), Solid));
        Assert.Equal(0, world.AddPolygon(body, nine.AsSpan(0, 8), Solid));
        AssertStillWorks(world);
    }

    [Theory]
    [InlineData(0f, 0f, 1f, 0f, 2f, 0f)]             // collinear
    [InlineData(0f, 0f, 1f, 1f, 2f, 2f)]             // collinear, diagonal
    [InlineData(0f, 0f, 0.001f, 0f, 0f, 0.001f)]     // welded to one point
    [InlineData(0f, 0f, 0.04f, 0f, 0f, 1f)]          // two points 4 cm apart: Box2D 2.3.1 welds below 5 cm
    [InlineData(0f, 0f, 1f, 0f, 1f, 0.0000001f)]     // area ~ 5e-8
    [InlineData(1000f, 1000f, 1000.001f, 1000f, 1000f, 1000.01f)] // tiny, far from the origin
    public void Degenerate_polygons_are_refused(float x0, float y0, float x1, float y1, float x2, float y2)
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);

        AssertRefused(Box2DError.BadShape,
            () => world.AddPolygon(body, [new(x0, y0), new(x1, y1), new(x2, y2)], new FixtureDef()));
        AssertStillWorks(world);
    }

    [Fact]
    public void Points_just_over_5_cm_apart_are_not_welded()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);

        world.AddPolygon(body, [new(0f, 0f), new(0.06f, 0f), new(0f, 1f)], Solid);

        Assert.Equal(0.03f, world.GetMassData(body).Mass, 1e-6f);
    }

    [Fact]
    public void Small_boxes_are_not_welded_because_set_as_box_does_not_weld()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);

        world.AddBox(body, 0.01f, 0.01f, Solid);

        Assert.Equal(0.0004f, world.GetMassData(body).Mass, 1e-9f);
    }

    [Fact]
    public void Magnitudes_beyond_1e15_are_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = TestWorlds.AddDynamicBox(world, Vector2.Zero);

        AssertRefused(Box2DError.NotFinite, () => world.ApplyForceToCenter(body, new Vector2(float.MaxValue, 0f), true));
        AssertRefused(Box2DError.NotFinite, () => world.ApplyLinearImpulse(body, Vector2.One, new Vector2(0f, 1e16f), true));
        AssertRefused(Box2DError.NotFinite, () => world.CreateBody(BodyType.Dynamic, new Vector2(2e15f, 0f), 0f));
        world.ApplyForceToCenter(body, new Vector2(1e15f, 0f), true);
        AssertStillWorks(world);
    }

    [Fact]
    public void Duplicate_and_interior_vertices_are_accepted_as_box2d_takes_the_hull()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);

        world.AddPolygon(body, [new(0f, 0f), new(1f, 0f), new(1f, 0f), new(0.5f, 0.2f), new(1f, 1f), new(0f, 1f)], Solid);

        Assert.Equal(1f, world.GetMassData(body).Mass, 1e-6f);
    }

    [Fact]
    public void Non_finite_numbers_are_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        world.AddBox(body, 0.5f, 0.5f, Solid);

        AssertRefused(Box2DError.NotFinite, () => world.CreateBody(BodyType.Dynamic, new Vector2(float.NaN, 0f), 0f));
        AssertRefused(Box2DError.NotFinite, () => world.CreateBody(BodyType.Dynamic, Vector2.Zero, float.PositiveInfinity));
        AssertRefused(Box2DError.NotFinite, () => world.AddPolygon(body, [new(0f, 0f), new(1f, float.NaN), new(0f, 1f)], Solid));
        AssertRefused(Box2DError.NotFinite, () => world.AddEdge(body, Vector2.Zero, new Vector2(float.NaN, 1f), Solid));
        AssertRefused(Box2DError.NotFinite, () => world.AddCircle(body, Vector2.Zero, float.NaN, Solid));
        AssertRefused(Box2DError.NotFinite, () => world.AddBox(body, float.NaN, 1f, Solid));
        AssertRefused(Box2DError.NotFinite, () => world.AddBox(body, 1f, 1f, new FixtureDef { Density = float.NaN }));
        AssertRefused(Box2DError.NotFinite, () => world.ApplyForceToCenter(body, new Vector2(float.NaN, 0f), true));
        AssertRefused(Box2DError.NotFinite, () => world.ApplyTorque(body, float.NegativeInfinity, true));
        AssertRefused(Box2DError.NotFinite, () => world.ApplyLinearImpulse(body, Vector2.One, new Vector2(0f, float.NaN), true));
        AssertRefused(Box2DError.NotFinite, () => world.Step(float.NaN, 8, 3));
        AssertRefused(Box2DError.NotFinite,
            () => world.RayCastClosest([new(Vector2.Zero, new Vector2(float.NaN, 1f))], new float[1], new Vector2[1]));
        Assert.Throws<Box2DException>(() => new Box2DWorld(new Vector2(0f, float.NaN)));

        Assert.Equal(Vector2.Zero, world.GetLinearVelocity(body));
        AssertStillWorks(world);
    }

    [Fact]
    public void Out_of_range_values_are_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId a = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        BodyId b = world.CreateBody(BodyType.Dynamic, Vector2.One, 0f);

        AssertRefused(Box2DError.InvalidArgument, () => world.CreateBody((BodyType)7, Vector2.Zero, 0f));
        AssertRefused(Box2DError.InvalidArgument, () => world.AddBox(a, 1f, 1f, new FixtureDef { Density = -1f }));
        AssertRefused(Box2DError.InvalidArgument, () => world.AddBox(a, 1f, 1f, new FixtureDef { Friction = -0.1f }));
        AssertRefused(Box2DError.BadShape, () => world.AddBox(a, 0f, 1f, Solid));
        AssertRefused(Box2DError.BadShape, () => world.AddCircle(a, Vector2.Zero, 0f, Solid));
        AssertRefused(Box2DError.BadShape, () => world.AddEdge(a, Vector2.One, Vector2.One, Solid));
        AssertRefused(Box2DError.InvalidArgument, () => world.Step(-0.02f, 8, 3));
        AssertRefused(Box2DError.InvalidArgument, () => world.Step(0.02f, -1, 3));
        AssertRefused(Box2DError.InvalidArgument, () => world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = a, BodyB = a }));
        AssertRefused(Box2DError.InvalidArgument,
            () => world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = a, BodyB = b, EnableLimit = true, LowerAngle = 1f, UpperAngle = 0f }));
        AssertRefused(Box2DError.InvalidArgument,
            () => world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = a, BodyB = b, MaxMotorTorque = -1f }));
        JointId joint = world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = a, BodyB = b });
        AssertRefused(Box2DError.InvalidArgument, () => world.SetMaxMotorTorque(joint, -1f));
        AssertRefused(Box2DError.NotFinite, () => world.SetMotorSpeed(joint, float.NaN));
        AssertRefused(Box2DError.NotFinite, () => world.SetMotors([joint], [float.NaN], [1f]));
        AssertStillWorks(world);
    }

    [Fact]
    public void Fixture_far_from_a_dynamic_body_origin_that_would_zero_its_inertia_is_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);

        AssertRefused(Box2DError.BadShape, () => world.AddCircle(body, new Vector2(1e6f, 0f), 0.01f, Solid));
        world.AddCircle(body, new Vector2(10f, 0f), 0.5f, Solid); // an ordinary offset is fine
        AssertStillWorks(world);
    }

    [Fact]
    public void Destroyed_and_unknown_body_ids_are_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId keep = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        BodyId gone = world.CreateBody(BodyType.Dynamic, Vector2.One, 0f);
        world.DestroyBody(gone);

        AssertRefused(Box2DError.UnknownBody, () => world.GetPosition(gone));
        AssertRefused(Box2DError.UnknownBody, () => world.DestroyBody(gone));
        AssertRefused(Box2DError.UnknownBody, () => world.AddBox(gone, 1f, 1f, Solid));
        AssertRefused(Box2DError.UnknownBody, () => world.ApplyForceToCenter(gone, Vector2.One, true));
        AssertRefused(Box2DError.UnknownBody, () => world.IsAwake(new BodyId(12345)));
        AssertRefused(Box2DError.UnknownBody, () => world.GetState(new BodyId(-1)));
        AssertRefused(Box2DError.UnknownBody, () => world.CreateRevoluteJoint(new RevoluteJointDef { BodyA = keep, BodyB = gone }));
        AssertRefused(Box2DError.UnknownJoint, () => world.GetJointState(new JointId(0)));

        // A batch with one bad id changes nothing: the world is not stepped.
        var states = new BodyState[2];
        AssertRefused(Box2DError.UnknownBody,
            () => world.StepAndRead(0.02f, 8, 3, [keep, gone], states));
        Assert.Equal(1, world.BodyCount);
        AssertStillWorks(world);
    }

    [Fact]
    public void Body_ids_are_not_reused_while_the_world_holds_bodies_and_restart_when_it_is_empty()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId first = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        BodyId second = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        world.DestroyBody(second);
        Assert.Equal(new BodyId(2), world.CreateBody(BodyType.Static, Vector2.Zero, 0f));

        world.DestroyBody(first);
        world.DestroyBody(new BodyId(2));
        Assert.Equal(0, world.BodyCount);
        Assert.Equal(new BodyId(0), world.CreateBody(BodyType.Static, Vector2.Zero, 0f));
    }

    [Fact]
    public unsafe void Null_world_is_refused_by_every_kind_of_call()
    {
        using var nullWorld = new Box2DWorldHandle(0);
        float f;
        int id = 0;
        var def = new NativeFixtureDef(new FixtureDef());

        Assert.Equal(-1, Box2DNative.sbx_world_step(nullWorld, 0.02f, 8, 3));
        Assert.Equal(-1, Box2DNative.sbx_world_step_and_read(nullWorld, 0.02f, 8, 3, &id, 1, &f));
        Assert.Equal(-1, Box2DNative.sbx_body_create(nullWorld, 2, 0f, 0f, 0f));
        Assert.Equal(-1, Box2DNative.sbx_body_add_box(nullWorld, 0, 1f, 1f, &def));
        Assert.Equal(-1, Box2DNative.sbx_body_get_angle(nullWorld, 0, &f));
        Assert.Equal(-1, Box2DNative.sbx_joint_get_angle(nullWorld, 0, &f));
        Assert.Equal(-1, Box2DNative.sbx_world_take_contact_events(nullWorld, &id, 0));
        Assert.Equal(-1, Box2DNative.sbx_world_raycast_closest_batch(nullWorld, 0, null, 1, null, null));
        Assert.Contains("null", Box2DNative.LastError());
        Box2DNative.sbx_world_destroy(0); // ignored
    }

    [Fact]
    public unsafe void Null_pointers_and_bad_counts_are_refused()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, Vector2.Zero, 0f);
        Box2DWorldHandle handle = GetHandle(world);
        float xy = 0f;

        Assert.Equal(-2, Box2DNative.sbx_body_add_box(handle, body.Value, 1f, 1f, null));
        Assert.Equal(-2, Box2DNative.sbx_body_get_position(handle, body.Value, null));
        Assert.Equal(-2, Box2DNative.sbx_bodies_read(handle, null, 1, &xy));
        Assert.Equal(-2, Box2DNative.sbx_bodies_read(handle, (int*)&body, -1, &xy));
        Assert.Equal(-2, Box2DNative.sbx_joint_create_revolute(handle, null));
        Assert.Equal(-2, Box2DNative.sbx_world_take_contact_events(handle, null, 4));
        Assert.Equal(-2, Box2DNative.sbx_world_raycast_closest_batch(handle, 1, null, 1, &xy, &xy));
        var def = new NativeFixtureDef(new FixtureDef()) { Reserved = 3 };
        Assert.Equal(-2, Box2DNative.sbx_body_add_box(handle, body.Value, 1f, 1f, &def));
        AssertStillWorks(world);
    }

    [Fact]
    public void Disposed_world_throws_object_disposed()
    {
        var world = new Box2DWorld(TestWorlds.Gravity);
        world.Dispose();
        world.Dispose();

        Assert.Throws<ObjectDisposedException>(() => world.Step(0.02f, 8, 3));
    }

    private static Box2DWorldHandle GetHandle(Box2DWorld world) =>
        (Box2DWorldHandle)typeof(Box2DWorld)
            .GetField("_handle", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(world)!;
}
