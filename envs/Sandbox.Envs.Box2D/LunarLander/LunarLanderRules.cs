using static Sandbox.Envs.Box2D.LunarLander.LunarLanderConstants;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// The observation, shaping and reward formulas (envs.md §4.6, §4.7) as pure double functions,
/// written in Gymnasium's evaluation order so that every intermediate rounds the same way.
/// </summary>
internal static class LunarLanderRules
{
    /// <summary>Fuel cost per step of the main engine at full power.</summary>
    public const double MainFuelCost = 0.30;

    /// <summary>Fuel cost per step of a side engine at full power.</summary>
    public const double SideFuelCost = 0.03;

    /// <summary>
    /// Fills the 8 double observation values from the lander's Box2D state (floats widened) and
    /// the leg contact flags.
    /// </summary>
    public static void Observe(double x, double y, double vx, double vy, double angle, double omega,
        bool leg0, bool leg1, Span<double> s)
    {
        s[0] = (x - HalfWidth) / HalfWidth;
        s[1] = (y - ObservationYOrigin) / HalfHeight;
        s[2] = vx * HalfWidth / Fps;
        s[3] = vy * HalfHeight / Fps;
        s[4] = angle;
        s[5] = 20.0 * omega / Fps;
        s[6] = leg0 ? 1.0 : 0.0;
        s[7] = leg1 ? 1.0 : 0.0;
    }

    /// <summary>The potential whose difference is the dense reward.</summary>
    public static double Shaping(ReadOnlySpan<double> s) =>
        -100 * Math.Sqrt(s[0] * s[0] + s[1] * s[1])
        - 100 * Math.Sqrt(s[2] * s[2] + s[3] * s[3])
        - 100 * Math.Abs(s[4])
        + 10 * s[6]
        + 10 * s[7];

    /// <summary>
    /// One step's reward and termination, in Gymnasium's order: shaping difference (0 on the first
    /// step), minus fuel, then −100 on a crash or leaving the screen, then +100 once the lander
    /// sleeps (checked last, so it wins).
    /// </summary>
    /// <param name="shaping">This step's shaping.</param>
    /// <param name="previousShaping">The previous step's shaping, or null on the reset step.</param>
    /// <param name="mainPower">Main engine power in [0.5, 1], or 0 if it did not fire.</param>
    /// <param name="sidePower">Side engine power in [0.5, 1], or 0 if it did not fire.</param>
    /// <param name="x">Observation 0 (double).</param>
    /// <param name="gameOver">The lander body touched the moon.</param>
    /// <param name="awake">Box2D's awake flag of the lander after the step.</param>
    /// <param name="terminated">Whether the episode ended.</param>
    public static double Reward(double shaping, double? previousShaping, double mainPower, double sidePower,
        double x, bool gameOver, bool awake, out bool terminated)
    {
        double reward = 0;
        if (previousShaping is double previous)
        {
            reward = shaping - previous;
        }
        reward -= mainPower * MainFuelCost;
        reward -= sidePower * SideFuelCost;
        terminated = false;
        if (gameOver || Math.Abs(x) >= 1.0)
        {
            terminated = true;
            reward = -100;
        }
        if (!awake)
        {
            terminated = true;
            reward = +100;
        }
        return reward;
    }
}
