using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>Specs and environments shared by the walker tests.</summary>
internal static class Walkers
{
    public static readonly EnvironmentRegistry Registry = BipedalWalkerEnvironments.Register(new EnvironmentRegistry());

    public static EnvironmentSpec Normal => Registry.Get("BipedalWalker-v3");

    public static EnvironmentSpec Hardcore => Registry.Get("BipedalWalkerHardcore-v3");

    public static BipedalWalkerEnvironment Create(EnvironmentSpec spec, int lanes) => (BipedalWalkerEnvironment)spec.CreateVector(lanes);

    /// <summary>Gymnasium's shaping from the hull's x (float widened) and angle (observation 0).</summary>
    public static double Shaping(double x, float angle)
    {
        double shaping = 130 * x / 30.0;
        shaping -= 5.0 * Math.Abs((double)angle);
        return shaping;
    }

    /// <summary>A reproducible action stream, including magnitudes outside [−1, 1] when asked.</summary>
    public static void FillActions(Random random, Span<float> actions, float magnitude = 1f)
    {
        for (int i = 0; i < actions.Length; i++)
        {
            actions[i] = (float)((random.NextDouble() * 2 - 1) * magnitude);
        }
    }
}
