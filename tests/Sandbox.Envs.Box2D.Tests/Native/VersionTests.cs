using System.Runtime.CompilerServices;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class VersionTests
{
    [Fact]
    public void Box2D_reports_version_2_3_1()
    {
        Assert.Equal(new Version(2, 3, 1), Box2DWorld.Box2DVersion);
    }

    [Fact]
    public void Shim_abi_version_matches_the_bindings()
    {
        Assert.Equal(Box2DNative.AbiVersion, Box2DNative.sbx_abi_version());
    }

    [Fact]
    public void Interop_structs_have_the_header_layouts()
    {
        Assert.Equal(4, Unsafe.SizeOf<BodyId>());
        Assert.Equal(4, Unsafe.SizeOf<JointId>());
        Assert.Equal(24, Unsafe.SizeOf<BodyState>());
        Assert.Equal(8, Unsafe.SizeOf<JointState>());
        Assert.Equal(12, Unsafe.SizeOf<ContactEvent>());
        Assert.Equal(16, Unsafe.SizeOf<RaySegment>());
        Assert.Equal(20, Unsafe.SizeOf<NativeFixtureDef>());
        Assert.Equal(56, Unsafe.SizeOf<NativeRevoluteDef>());
    }

    [Fact]
    public void Body_state_fields_are_in_native_order()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId body = world.CreateBody(BodyType.Dynamic, new System.Numerics.Vector2(1.5f, 2.5f), 0.25f);
        world.ApplyLinearImpulse(body, new System.Numerics.Vector2(3f, 4f), new System.Numerics.Vector2(1.5f, 2.5f), wake: true);

        BodyState state = world.GetState(body);

        Assert.Equal(world.GetPosition(body), state.Position);
        Assert.Equal(world.GetAngle(body), state.Angle);
        Assert.Equal(world.GetLinearVelocity(body), state.Velocity);
        Assert.Equal(world.GetAngularVelocity(body), state.AngularVelocity);
        Assert.Equal(new BodyState(1.5f, 2.5f, 0.25f, 3f, 4f, 0f), state);
    }
}
