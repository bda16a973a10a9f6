using System.Numerics;
using Sandbox.Core.Rendering;
using Sandbox.Envs.Box2D.Native;
using static Sandbox.Envs.Box2D.LunarLander.LunarLanderConstants;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// Draws one lane as Gymnasium's <c>render()</c> does (envs.md §7.2), in pixels with y up.
/// Engine particles are not drawn: Gymnasium creates them only when a render mode is set, they
/// are decoration, and simulating them would make the physics depend on whether frames are drawn.
/// </summary>
internal static class LunarLanderRenderer
{
    private static readonly Rgb BodyFill = new(128, 102, 230);
    private static readonly Rgb BodyOutline = new(77, 77, 128);
    private static readonly Rgb FlagColor = new(204, 204, 0);

    /// <summary>Leg box corners as <c>SetAsBox</c> stores them.</summary>
    private static readonly Vector2[] LegBox =
    [
        new((float)(-LegW / Scale), (float)(-LegH / Scale)),
        new((float)(LegW / Scale), (float)(-LegH / Scale)),
        new((float)(LegW / Scale), (float)(LegH / Scale)),
        new((float)(-LegW / Scale), (float)(LegH / Scale)),
    ];

    /// <summary>The lander polygon in Box2D's hull order (starting at the rightmost-lowest vertex, counter-clockwise).</summary>
    private static readonly Vector2[] LanderHull =
    [
        new((float)(17 / Scale), (float)(-10 / Scale)),
        new((float)(17 / Scale), 0f),
        new((float)(14 / Scale), (float)(17 / Scale)),
        new((float)(-14 / Scale), (float)(17 / Scale)),
        new((float)(-17 / Scale), 0f),
        new((float)(-17 / Scale), (float)(-10 / Scale)),
    ];

    public static void Draw(LunarLanderLane lane, Frame frame)
    {
        frame.Clear();
        frame.Background = Rgb.White;
        Box2DWorld? world = lane.World;
        if (world is null)
        {
            return;
        }

        // The sky above the terrain is black, so what stays white is the ground.
        Span<Vector2> quad = stackalloc Vector2[4];
        for (int i = 0; i < Chunks - 1; i++)
        {
            float x1 = (float)(LunarLanderLane.ChunkX(i) * Scale);
            float x2 = (float)(LunarLanderLane.ChunkX(i + 1) * Scale);
            quad[0] = new Vector2(x1, (float)(lane.SmoothY[i] * Scale));
            quad[1] = new Vector2(x2, (float)(lane.SmoothY[i + 1] * Scale));
            quad[2] = new Vector2(x2, (float)(H * Scale));
            quad[3] = new Vector2(x1, (float)(H * Scale));
            frame.Polygon(quad, Rgb.Black, Rgb.Black);
        }

        Span<BodyState> states = stackalloc BodyState[3];
        world.ReadBodies([lane.Lander, lane.Leg0, lane.Leg1], states);
        DrawBody(frame, states[0], LanderHull);
        DrawBody(frame, states[1], LegBox);
        DrawBody(frame, states[2], LegBox);

        // Gymnasium draws the flags inside its body loop, so they end up on top of everything.
        Span<Vector2> pole = stackalloc Vector2[2];
        Span<Vector2> flag = stackalloc Vector2[3];
        foreach (double padX in (ReadOnlySpan<double>)[PadX1, PadX2])
        {
            float x = (float)(padX * Scale);
            float y1 = (float)(PadHeight * Scale);
            float y2 = y1 + 50;
            pole[0] = new Vector2(x, y1);
            pole[1] = new Vector2(x, y2);
            frame.Line(pole, Rgb.White, 1f);
            flag[0] = new Vector2(x, y2);
            flag[1] = new Vector2(x, y2 - 10);
            flag[2] = new Vector2(x + 25, y2 - 5);
            frame.Polygon(flag, FlagColor, FlagColor);
        }
    }

    private static void DrawBody(Frame frame, BodyState state, Vector2[] local)
    {
        float c = MathF.Cos(state.Angle);
        float s = MathF.Sin(state.Angle);
        Span<Vector2> path = stackalloc Vector2[local.Length];
        for (int i = 0; i < local.Length; i++)
        {
            Vector2 v = local[i];
            var world = new Vector2(c * v.X - s * v.Y + state.X, s * v.X + c * v.Y + state.Y);
            path[i] = world * (float)Scale;
        }
        frame.Polygon(path, BodyFill, BodyOutline);
    }
}
