using System.Numerics;

namespace Sandbox.Core.Rendering;

/// <summary>
/// A frame described as drawing instructions, in pixels with the origin at the bottom-left and y up
/// (Gymnasium's surface before its vertical flip). Environments fill it; the CLI rasterises it.
/// </summary>
public sealed class Frame
{
    private readonly List<FramePrimitive> _primitives = [];

    /// <summary>Creates an empty frame of the given size.</summary>
    public Frame(int width = 600, int height = 400)
    {
        Width = width;
        Height = height;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Colour under everything.</summary>
    public Rgb Background { get; set; } = Rgb.White;

    /// <summary>Instructions in drawing order.</summary>
    public IReadOnlyList<FramePrimitive> Primitives => _primitives;

    /// <summary>Removes every instruction.</summary>
    public void Clear() => _primitives.Clear();

    /// <summary>Adds a filled polygon.</summary>
    public void Polygon(ReadOnlySpan<Vector2> points, Rgb fill, Rgb? outline = null) =>
        _primitives.Add(new FramePrimitive(PrimitiveKind.Polygon, points.ToArray(), fill, outline));

    /// <summary>Adds a line through <paramref name="points"/>.</summary>
    public void Line(ReadOnlySpan<Vector2> points, Rgb color, float width = 1f) =>
        _primitives.Add(new FramePrimitive(PrimitiveKind.Line, points.ToArray(), color, null, width));

    /// <summary>Adds a filled circle.</summary>
    public void Circle(Vector2 center, float radius, Rgb fill) =>
        _primitives.Add(new FramePrimitive(PrimitiveKind.Circle, [center], fill, null, 1f, radius));
}
