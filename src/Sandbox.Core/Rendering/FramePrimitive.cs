using System.Numerics;

namespace Sandbox.Core.Rendering;

/// <summary>The kind of a <see cref="FramePrimitive"/>.</summary>
public enum PrimitiveKind
{
    /// <summary>A filled polygon, optionally outlined.</summary>
    Polygon,
    /// <summary>A line segment (or polyline) of a given width.</summary>
    Line,
    /// <summary>A filled circle.</summary>
    Circle,
}

/// <summary>One drawing instruction in pixel coordinates (origin bottom-left, y up, as Gymnasium draws before its flip).</summary>
public sealed record FramePrimitive(PrimitiveKind Kind, Vector2[] Points, Rgb Color, Rgb? Outline = null, float Width = 1f, float Radius = 0f);
