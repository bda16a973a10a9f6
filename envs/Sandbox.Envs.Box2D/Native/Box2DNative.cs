using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// P/Invoke declarations for the C ABI in <c>shim/sandbox_box2d.h</c>, which is the contract:
/// keep names, argument order and <see cref="AbiVersion"/> in step with it.
/// </summary>
internal static partial class Box2DNative
{
    private const string Lib = "sandbox_box2d";

    /// <summary>SBX_ABI_VERSION that these declarations were written against.</summary>
    internal const int AbiVersion = 2;

    /// <summary>The Box2D release the physics must come from (Debian bullseye's libbox2d).</summary>
    internal static readonly Version ExpectedBox2DVersion = new(2, 3, 1);

    internal const int BodyStateFloats = 6;
    internal const int JointStateFloats = 2;
    internal const int ContactEventInts = 3;

    private static volatile bool s_compatible;

    // "sandbox_box2d" resolves to the build this process selected (Box2DBuild.Selected), by full path.
    static Box2DNative() => NativeLibrary.SetDllImportResolver(typeof(Box2DNative).Assembly, Resolve);

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Lib)
        {
            return 0;
        }
        Box2DBuild build = Box2DBuild.Selected;
        return build.Error is null && NativeLibrary.TryLoad(build.LibraryPath, out nint handle) ? handle : 0;
    }

    /// <summary>
    /// Loads the shim and checks its ABI version and Box2D's own version once per process.
    /// Throws <see cref="Box2DException"/> with a one-line reason on any mismatch.
    /// </summary>
    internal static void EnsureCompatible()
    {
        if (s_compatible)
        {
            return;
        }

        if (Box2DBuild.Selected.Error is { } error)
        {
            throw new Box2DException(Box2DError.LibraryMissing, error);
        }

        int abi;
        try
        {
            abi = sbx_abi_version();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new Box2DException(Box2DError.LibraryMissing,
                $"could not load the Box2D shim {Box2DBuild.Selected.LibraryPath} ({e.Message}); build the project (it runs scripts/setup-box2d.sh) so that it sits next to the application", e);
        }

        if (abi != AbiVersion)
        {
            throw new Box2DException(Box2DError.VersionMismatch,
                $"lib{Lib}.so has ABI version {abi} but these bindings expect {AbiVersion}; rebuild the project");
        }

        Version version = ReadBox2DVersion();
        if (version != ExpectedBox2DVersion)
        {
            throw new Box2DException(Box2DError.VersionMismatch,
                $"the shim is linked against Box2D {version} but {ExpectedBox2DVersion} is required; rerun scripts/setup-box2d.sh");
        }

        s_compatible = true;
    }

    /// <summary>Box2D's <c>b2_version</c> as reported through the shim.</summary>
    internal static unsafe Version ReadBox2DVersion()
    {
        int major, minor, revision;
        _ = sbx_box2d_version(&major, &minor, &revision);
        return new Version(major, minor, revision);
    }

    /// <summary>The loaded library's own description of its build (which Box2D, which flags).</summary>
    internal static unsafe string BuildInfo()
    {
        const int Capacity = 512;
        byte* buffer = stackalloc byte[Capacity];
        int length = sbx_build_info(buffer, Capacity);
        return Encoding.UTF8.GetString(buffer, Math.Min(length, Capacity - 1));
    }

    /// <summary>The calling thread's last error message from the shim.</summary>
    internal static unsafe string LastError()
    {
        const int Capacity = 512;
        byte* buffer = stackalloc byte[Capacity];
        int length = sbx_last_error(buffer, Capacity);
        return Encoding.UTF8.GetString(buffer, Math.Min(length, Capacity - 1));
    }

    /// <summary>Returns <paramref name="rc"/> when it is not negative, else throws the shim's error.</summary>
    internal static int Check(int rc)
    {
        if (rc < 0)
        {
            ThrowLastError(rc);
        }

        return rc;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void ThrowLastError(int rc) =>
        throw new Box2DException((Box2DError)rc, LastError());

    // ---- Library ----

    [LibraryImport(Lib)]
    internal static partial int sbx_abi_version();

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_box2d_version(int* major, int* minor, int* revision);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_build_info(byte* buffer, int capacity);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_last_error(byte* buffer, int capacity);

    // ---- World ----

    [LibraryImport(Lib)]
    internal static partial Box2DWorldHandle sbx_world_create(float gravityX, float gravityY);

    [LibraryImport(Lib)]
    internal static partial void sbx_world_destroy(nint world);

    [LibraryImport(Lib)]
    internal static partial int sbx_world_step(Box2DWorldHandle world, float dt, int velocityIterations, int positionIterations);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_world_step_and_read(Box2DWorldHandle world, float dt, int velocityIterations,
        int positionIterations, int* bodyIds, int n, float* outStates);

    [LibraryImport(Lib)]
    internal static partial int sbx_world_body_count(Box2DWorldHandle world);

    [LibraryImport(Lib)]
    internal static partial int sbx_world_joint_count(Box2DWorldHandle world);

    [LibraryImport(Lib)]
    internal static partial int sbx_world_set_contact_events_enabled(Box2DWorldHandle world, int enabled);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_world_take_contact_events(Box2DWorldHandle world, int* output, int capacity);

    [LibraryImport(Lib)]
    internal static partial int sbx_world_contact_event_count(Box2DWorldHandle world);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_world_raycast_closest_batch(Box2DWorldHandle world, int n, float* p1p2,
        ushort categoryMask, float* outFractions, float* outPoints);

    // ---- Bodies ----

    [LibraryImport(Lib)]
    internal static partial int sbx_body_create(Box2DWorldHandle world, int type, float x, float y, float angle);

    [LibraryImport(Lib)]
    internal static partial int sbx_body_destroy(Box2DWorldHandle world, int body);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_add_polygon(Box2DWorldHandle world, int body, float* xy, int count,
        NativeFixtureDef* def);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_add_box(Box2DWorldHandle world, int body, float halfWidth, float halfHeight,
        NativeFixtureDef* def);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_add_edge(Box2DWorldHandle world, int body, float x1, float y1, float x2,
        float y2, NativeFixtureDef* def);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_add_circle(Box2DWorldHandle world, int body, float cx, float cy,
        float radius, NativeFixtureDef* def);

    [LibraryImport(Lib)]
    internal static partial int sbx_body_apply_force_to_center(Box2DWorldHandle world, int body, float fx, float fy, int wake);

    [LibraryImport(Lib)]
    internal static partial int sbx_body_apply_torque(Box2DWorldHandle world, int body, float torque, int wake);

    [LibraryImport(Lib)]
    internal static partial int sbx_body_apply_linear_impulse(Box2DWorldHandle world, int body, float jx, float jy,
        float px, float py, int wake);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_get_position(Box2DWorldHandle world, int body, float* outXy);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_get_angle(Box2DWorldHandle world, int body, float* outAngle);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_get_linear_velocity(Box2DWorldHandle world, int body, float* outVxy);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_get_angular_velocity(Box2DWorldHandle world, int body, float* outOmega);

    [LibraryImport(Lib)]
    internal static partial int sbx_body_is_awake(Box2DWorldHandle world, int body);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_body_get_mass_data(Box2DWorldHandle world, int body, float* out4);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_bodies_read(Box2DWorldHandle world, int* bodyIds, int n, float* outStates);

    // ---- Revolute joints ----

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_joint_create_revolute(Box2DWorldHandle world, NativeRevoluteDef* def);

    [LibraryImport(Lib)]
    internal static partial int sbx_joint_destroy(Box2DWorldHandle world, int joint);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_joint_get_angle(Box2DWorldHandle world, int joint, float* outAngle);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_joint_get_speed(Box2DWorldHandle world, int joint, float* outSpeed);

    [LibraryImport(Lib)]
    internal static partial int sbx_joint_set_motor_speed(Box2DWorldHandle world, int joint, float speed);

    [LibraryImport(Lib)]
    internal static partial int sbx_joint_set_max_motor_torque(Box2DWorldHandle world, int joint, float torque);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_joints_read(Box2DWorldHandle world, int* jointIds, int n, float* output);

    [LibraryImport(Lib)]
    internal static unsafe partial int sbx_joints_set_motors(Box2DWorldHandle world, int* jointIds, int n,
        float* speeds, float* torques);
}
