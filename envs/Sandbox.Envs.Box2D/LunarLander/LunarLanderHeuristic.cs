using Sandbox.Core.Environments;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// Gymnasium's LunarLander heuristic (envs.md §6.1) for both action spaces. The float32
/// observation is widened to double first, because under NumPy 1.x a float32 scalar times a Python
/// float is float64 (the measured reference figures used NumPy 1.24). Stateless.
/// </summary>
public sealed class LunarLanderHeuristic : IReferenceController
{
    /// <summary>A heuristic for the discrete (<paramref name="continuous"/> false) or continuous action space.</summary>
    public LunarLanderHeuristic(bool continuous) => Continuous = continuous;

    /// <summary>Whether <see cref="Act"/> writes a continuous action rather than returning a discrete one.</summary>
    public bool Continuous { get; }

    /// <inheritdoc />
    public void Reset()
    {
    }

    /// <inheritdoc />
    public int Act(ReadOnlySpan<float> observation, Span<float> continuous)
    {
        if (!Continuous)
        {
            return Discrete(observation);
        }
        (double main, double lateral) = ContinuousAction(observation);
        // The action buffer is float32; Gymnasium's heuristic passes float64, so the engine powers can differ in the last bits.
        continuous[0] = (float)main;
        continuous[1] = (float)lateral;
        return 0;
    }

    /// <summary>The discrete action: 2 (main), 3 (right engine), 1 (left engine) or 0, checked in that order.</summary>
    public static int Discrete(ReadOnlySpan<float> s)
    {
        (double angleTodo, double hoverTodo) = Todo(s);
        if (hoverTodo > Math.Abs(angleTodo) && hoverTodo > 0.05)
        {
            return 2;
        }
        if (angleTodo < -0.05)
        {
            return 3;
        }
        if (angleTodo > +0.05)
        {
            return 1;
        }
        return 0;
    }

    /// <summary>The continuous action (main, lateral), each clipped to [−1, 1], in double as Gymnasium computes it.</summary>
    public static (double Main, double Lateral) ContinuousAction(ReadOnlySpan<float> s)
    {
        (double angleTodo, double hoverTodo) = Todo(s);
        return (Math.Clamp(hoverTodo * 20 - 1, -1.0, 1.0), Math.Clamp(-angleTodo * 20, -1.0, 1.0));
    }

    private static (double AngleTodo, double HoverTodo) Todo(ReadOnlySpan<float> s)
    {
        double angleTarget = s[0] * 0.5 + s[2] * 1.0;
        if (angleTarget > 0.4)
        {
            angleTarget = 0.4;
        }
        if (angleTarget < -0.4)
        {
            angleTarget = -0.4;
        }
        double hoverTarget = 0.55 * Math.Abs((double)s[0]);
        double angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
        double hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
        if (s[6] != 0 || s[7] != 0)
        {
            // After touchdown only the descent is damped.
            angleTodo = 0;
            hoverTodo = -(double)s[3] * 0.5;
        }
        return (angleTodo, hoverTodo);
    }
}
