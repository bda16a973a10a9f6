using Sandbox.Core.Spaces;

namespace Sandbox.Policies.Networks;

/// <summary>Turns network outputs into environment actions: argmax for discrete spaces, tanh squashed into the bounds for boxes.</summary>
public static class ActionMapping
{
    /// <summary>Output width a network needs for <paramref name="actionSpace"/>.</summary>
    public static int OutputWidth(Space actionSpace) => actionSpace switch
    {
        DiscreteSpace d => d.Count,
        BoxSpace b when b.IsBounded => b.FlatSize,
        BoxSpace => throw new ArgumentException("continuous action spaces must have finite bounds"),
        _ => throw new ArgumentException($"unsupported action space {actionSpace.Describe()}"),
    };

    /// <summary>Maps tanh outputs in (-1, 1) affinely onto [low, high] and clips.</summary>
    public static void ToBox(ReadOnlySpan<float> squashed, BoxSpace space, Span<float> action)
    {
        var low = space.Low;
        var high = space.High;
        for (int i = 0; i < action.Length; i++)
        {
            float a = low[i] + (squashed[i] + 1f) * 0.5f * (high[i] - low[i]);
            action[i] = Math.Clamp(a, low[i], high[i]);
        }
    }
}
