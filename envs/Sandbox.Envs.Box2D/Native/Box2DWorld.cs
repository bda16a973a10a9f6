using System.Numerics;
using static Sandbox.Envs.Box2D.Native.Box2DNative;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// One Box2D 2.3.1 world behind the native shim. Bodies and joints are named by ids; a refused
/// call throws <see cref="Box2DException"/> and leaves the world unchanged. Not thread-safe;
/// different worlds may be used from different threads. The per-step calls allocate nothing.
/// </summary>
public sealed class Box2DWorld : IDisposable
{
    private readonly Box2DWorldHandle _handle;

    /// <summary>A world with the given gravity and Box2D's defaults (sleeping allowed, warm starting, continuous physics, no sub-stepping).</summary>
    public Box2DWorld(Vector2 gravity)
    {
        EnsureCompatible();
        _handle = sbx_world_create(gravity.X, gravity.Y);
        if (_handle.IsInvalid)
        {
            string message = LastError();
            _handle.Dispose();
            throw new Box2DException(Box2DError.InvalidArgument, message);
        }
    }

    /// <summary>Box2D's own version (<c>b2_version</c>), checked to be 2.3.1 at load.</summary>
    public static Version Box2DVersion
    {
        get
        {
            EnsureCompatible();
            return ReadBox2DVersion();
        }
    }

    /// <summary>The loaded library's description of its build (<see cref="Box2DBuild.Selected"/>: Debian's or the fast one, with its flags).</summary>
    public static string BuildInfo
    {
        get
        {
            EnsureCompatible();
            return Box2DNative.BuildInfo();
        }
    }

    /// <summary>Live bodies in the world.</summary>
    public int BodyCount => Check(sbx_world_body_count(_handle));

    /// <summary>Live joints in the world.</summary>
    public int JointCount => Check(sbx_world_joint_count(_handle));

    /// <summary>Contact events recorded and not yet taken.</summary>
    public int PendingContactEventCount => Check(sbx_world_contact_event_count(_handle));

    /// <summary>Destroys the native world and everything in it.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Turns contact event recording on (the default) or off; off also drops pending events.</summary>
    public void SetContactEventsEnabled(bool enabled) =>
        Check(sbx_world_set_contact_events_enabled(_handle, enabled ? 1 : 0));

    // ---- Stepping ----

    /// <summary><c>Step(dt, velocityIterations, positionIterations)</c>; the envs use (0.02f, 180, 60).</summary>
    public void Step(float dt, int velocityIterations, int positionIterations) =>
        Check(sbx_world_step(_handle, dt, velocityIterations, positionIterations));

    /// <summary>Steps once and reads the states of <paramref name="bodies"/> in one native call.</summary>
    public unsafe void StepAndRead(float dt, int velocityIterations, int positionIterations,
        ReadOnlySpan<BodyId> bodies, Span<BodyState> states)
    {
        RequireLength(states.Length, bodies.Length, nameof(states));
        fixed (BodyId* ids = bodies)
        fixed (BodyState* output = states)
        {
            Check(sbx_world_step_and_read(_handle, dt, velocityIterations, positionIterations,
                (int*)ids, bodies.Length, (float*)output));
        }
    }

    // ---- Bodies ----

    /// <summary>Creates a body with <c>b2BodyDef</c>'s defaults apart from type, position and angle.</summary>
    public BodyId CreateBody(BodyType type, Vector2 position, float angle) =>
        new(Check(sbx_body_create(_handle, (int)type, position.X, position.Y, angle)));

    /// <summary>Destroys a body with its fixtures and joints; no contact events are recorded for it.</summary>
    public void DestroyBody(BodyId body) => Check(sbx_body_destroy(_handle, body.Value));

    /// <summary>Adds a convex polygon (3..8 vertices, any order) through <c>b2PolygonShape::Set</c>; returns the fixture index.</summary>
    public unsafe int AddPolygon(BodyId body, ReadOnlySpan<Vector2> vertices, in FixtureDef fixture)
    {
        NativeFixtureDef def = new(fixture);
        fixed (Vector2* xy = vertices)
        {
            return Check(sbx_body_add_polygon(_handle, body.Value, (float*)xy, vertices.Length, &def));
        }
    }

    /// <summary>Adds a box through <c>SetAsBox(halfWidth, halfHeight)</c>; returns the fixture index.</summary>
    public unsafe int AddBox(BodyId body, float halfWidth, float halfHeight, in FixtureDef fixture)
    {
        NativeFixtureDef def = new(fixture);
        return Check(sbx_body_add_box(_handle, body.Value, halfWidth, halfHeight, &def));
    }

    /// <summary>Adds a two-sided edge from <paramref name="a"/> to <paramref name="b"/> (body coordinates); returns the fixture index.</summary>
    public unsafe int AddEdge(BodyId body, Vector2 a, Vector2 b, in FixtureDef fixture)
    {
        NativeFixtureDef def = new(fixture);
        return Check(sbx_body_add_edge(_handle, body.Value, a.X, a.Y, b.X, b.Y, &def));
    }

    /// <summary>Adds a circle centred at <paramref name="center"/> (body coordinates); returns the fixture index.</summary>
    public unsafe int AddCircle(BodyId body, Vector2 center, float radius, in FixtureDef fixture)
    {
        NativeFixtureDef def = new(fixture);
        return Check(sbx_body_add_circle(_handle, body.Value, center.X, center.Y, radius, &def));
    }

    /// <summary><c>ApplyForceToCenter(force, wake)</c>: acts during the next step only.</summary>
    public void ApplyForceToCenter(BodyId body, Vector2 force, bool wake) =>
        Check(sbx_body_apply_force_to_center(_handle, body.Value, force.X, force.Y, wake ? 1 : 0));

    /// <summary><c>ApplyTorque(torque, wake)</c>: acts during the next step only.</summary>
    public void ApplyTorque(BodyId body, float torque, bool wake) =>
        Check(sbx_body_apply_torque(_handle, body.Value, torque, wake ? 1 : 0));

    /// <summary><c>ApplyLinearImpulse(impulse, point, wake)</c> with <paramref name="point"/> in world coordinates.</summary>
    public void ApplyLinearImpulse(BodyId body, Vector2 impulse, Vector2 point, bool wake) =>
        Check(sbx_body_apply_linear_impulse(_handle, body.Value, impulse.X, impulse.Y, point.X, point.Y, wake ? 1 : 0));

    /// <summary>The body origin.</summary>
    public unsafe Vector2 GetPosition(BodyId body)
    {
        Vector2 result;
        Check(sbx_body_get_position(_handle, body.Value, (float*)&result));
        return result;
    }

    /// <summary>The body angle in radians.</summary>
    public unsafe float GetAngle(BodyId body)
    {
        float result;
        Check(sbx_body_get_angle(_handle, body.Value, &result));
        return result;
    }

    /// <summary>The linear velocity of the centre of mass.</summary>
    public unsafe Vector2 GetLinearVelocity(BodyId body)
    {
        Vector2 result;
        Check(sbx_body_get_linear_velocity(_handle, body.Value, (float*)&result));
        return result;
    }

    /// <summary>The angular velocity in rad/s.</summary>
    public unsafe float GetAngularVelocity(BodyId body)
    {
        float result;
        Check(sbx_body_get_angular_velocity(_handle, body.Value, &result));
        return result;
    }

    /// <summary>Whether the body is awake.</summary>
    public bool IsAwake(BodyId body) => Check(sbx_body_is_awake(_handle, body.Value)) == 1;

    /// <summary>Mass, inertia about the body origin, and local centre of mass.</summary>
    public unsafe MassData GetMassData(BodyId body)
    {
        float* data = stackalloc float[4];
        Check(sbx_body_get_mass_data(_handle, body.Value, data));
        return new MassData(data[0], data[1], new Vector2(data[2], data[3]));
    }

    /// <summary>The state of one body.</summary>
    public unsafe BodyState GetState(BodyId body)
    {
        BodyState state;
        int id = body.Value;
        Check(sbx_bodies_read(_handle, &id, 1, (float*)&state));
        return state;
    }

    /// <summary>Reads the states of <paramref name="bodies"/> in one native call.</summary>
    public unsafe void ReadBodies(ReadOnlySpan<BodyId> bodies, Span<BodyState> states)
    {
        RequireLength(states.Length, bodies.Length, nameof(states));
        fixed (BodyId* ids = bodies)
        fixed (BodyState* output = states)
        {
            Check(sbx_bodies_read(_handle, (int*)ids, bodies.Length, (float*)output));
        }
    }

    // ---- Joints ----

    /// <summary>Creates a revolute joint exactly as defined.</summary>
    public unsafe JointId CreateRevoluteJoint(in RevoluteJointDef definition)
    {
        NativeRevoluteDef def = new(definition);
        return new JointId(Check(sbx_joint_create_revolute(_handle, &def)));
    }

    /// <summary>Destroys a joint.</summary>
    public void DestroyJoint(JointId joint) => Check(sbx_joint_destroy(_handle, joint.Value));

    /// <summary>The joint's angle and speed.</summary>
    public unsafe JointState GetJointState(JointId joint)
    {
        JointState state;
        int id = joint.Value;
        Check(sbx_joints_read(_handle, &id, 1, (float*)&state));
        return state;
    }

    /// <summary>Reads the angles and speeds of <paramref name="joints"/> in one native call.</summary>
    public unsafe void ReadJoints(ReadOnlySpan<JointId> joints, Span<JointState> states)
    {
        RequireLength(states.Length, joints.Length, nameof(states));
        fixed (JointId* ids = joints)
        fixed (JointState* output = states)
        {
            Check(sbx_joints_read(_handle, (int*)ids, joints.Length, (float*)output));
        }
    }

    /// <summary><c>SetMotorSpeed</c>; Box2D 2.3 wakes both bodies on every call.</summary>
    public void SetMotorSpeed(JointId joint, float speed) =>
        Check(sbx_joint_set_motor_speed(_handle, joint.Value, speed));

    /// <summary><c>SetMaxMotorTorque</c> (≥ 0); Box2D 2.3 wakes both bodies on every call.</summary>
    public void SetMaxMotorTorque(JointId joint, float torque) =>
        Check(sbx_joint_set_max_motor_torque(_handle, joint.Value, torque));

    /// <summary>For each joint in order: <c>SetMotorSpeed(speeds[i])</c>, then <c>SetMaxMotorTorque(torques[i])</c>; one native call.</summary>
    public unsafe void SetMotors(ReadOnlySpan<JointId> joints, ReadOnlySpan<float> speeds, ReadOnlySpan<float> torques)
    {
        RequireLength(speeds.Length, joints.Length, nameof(speeds));
        RequireLength(torques.Length, joints.Length, nameof(torques));
        fixed (JointId* ids = joints)
        fixed (float* s = speeds)
        fixed (float* t = torques)
        {
            Check(sbx_joints_set_motors(_handle, (int*)ids, joints.Length, s, t));
        }
    }

    // ---- Queries and events ----

    /// <summary>
    /// Casts each ray and keeps its closest hit among fixtures whose category bits share a bit
    /// with <paramref name="categoryMask"/> (Gymnasium's lidar callback). A ray that hits nothing
    /// reports fraction 1 and its end point.
    /// </summary>
    public unsafe void RayCastClosest(ReadOnlySpan<RaySegment> rays, Span<float> fractions, Span<Vector2> points,
        ushort categoryMask = 0x0001)
    {
        RequireLength(fractions.Length, rays.Length, nameof(fractions));
        RequireLength(points.Length, rays.Length, nameof(points));
        fixed (RaySegment* r = rays)
        fixed (float* f = fractions)
        fixed (Vector2* p = points)
        {
            Check(sbx_world_raycast_closest_batch(_handle, rays.Length, (float*)r, categoryMask, f, (float*)p));
        }
    }

    /// <summary>
    /// Moves up to <c>buffer.Length</c> recorded contact events, oldest first, into
    /// <paramref name="buffer"/> and returns how many; call again while it fills the buffer.
    /// </summary>
    public unsafe int TakeContactEvents(Span<ContactEvent> buffer)
    {
        fixed (ContactEvent* output = buffer)
        {
            return Check(sbx_world_take_contact_events(_handle, (int*)output, buffer.Length));
        }
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"{name} has length {actual} but {expected} are needed", name);
        }
    }
}
