using System.Diagnostics;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>Stopwatch ticks of one lane's native physics work, by part (see <see cref="Sandbox.Core.Environments.IProfiledEnvironment"/>).</summary>
internal sealed class PhysicsProfile
{
    /// <summary>Part name of <c>b2World::Step</c> with the body-state read that shares its native call.</summary>
    public const string StepPart = "Box2D step";

    /// <summary>Part name of the lidar ray casts.</summary>
    public const string RayCastPart = "lidar ray casts";

    /// <summary>Ticks in the physics step.</summary>
    public long StepTicks;

    /// <summary>Ticks in ray casts.</summary>
    public long RayCastTicks;

    /// <summary>Adds this lane's ticks to <paramref name="ticks"/> and clears them.</summary>
    public void TakeInto(IDictionary<string, long> ticks)
    {
        Add(ticks, StepPart, StepTicks);
        Add(ticks, RayCastPart, RayCastTicks);
        StepTicks = RayCastTicks = 0;
    }

    /// <summary>Now, in Stopwatch ticks.</summary>
    public static long Now() => Stopwatch.GetTimestamp();

    private static void Add(IDictionary<string, long> ticks, string part, long value)
    {
        if (value != 0)
        {
            ticks[part] = ticks.TryGetValue(part, out long sum) ? sum + value : value;
        }
    }
}
