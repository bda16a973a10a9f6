using System.Numerics;
using Sandbox.Core.Rendering;
using Sandbox.Envs.Box2D.Native;
using static Sandbox.Envs.Box2D.BipedalWalker.BipedalWalkerConstants;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Draws one walker lane as Gymnasium's <c>render()</c> does (envs.md §7.3): the 600-pixel window
/// of the scrolled surface that follows the hull, with sky, clouds (half-speed parallax), terrain,
/// lidar, obstacles, legs, hull and flag. Unlike Gymnasium it also draws all ten lidar rays faintly,
/// so that a single frame shows the lidar; the sweeping ray is drawn on top in Gymnasium's red.
/// </summary>
internal static class BipedalWalkerRenderer
{
    private const float PixelsPerUnit = (float)Scale;
    private static readonly Rgb Sky = new(215, 215, 255);
    private static readonly Rgb TerrainFill = new(102, 153, 76);
    private static readonly Rgb LidarRed = new(255, 0, 0);
    private static readonly Rgb LidarFaint = new(255, 170, 170);
    private static readonly Rgb ObstacleFill = Rgb.White;
    private static readonly Rgb ObstacleOutline = new(153, 153, 153);
    private static readonly Rgb HullFill = new(127, 51, 229);
    private static readonly Rgb HullOutline = new(76, 76, 127);
    private static readonly Rgb FlagFill = new(230, 51, 0);

    /// <summary>Clears <paramref name="frame"/> and draws <paramref name="lane"/>; advances its lidar sweep.</summary>
    public static void Draw(WalkerLane lane, Frame frame)
    {
        frame.Clear();
        frame.Background = Rgb.Black; // pygame's fresh surface; the sky covers it once scroll ≥ 0
        double scroll = lane.Scroll;
        // Gymnasium's surface is int(600 + max(0, scroll)·30) wide and rgb_array keeps its last 600 columns.
        int left = (int)(ViewportW + Math.Max(0.0, scroll) * Scale) - (int)ViewportW;
        var view = new View(left, frame.Width / (float)ViewportW, frame.Height / (float)ViewportH);
        TerrainGenerator terrain = lane.Terrain;
        Span<Vector2> quad = stackalloc Vector2[4];

        float skyX = (float)(scroll * Scale);
        quad[0] = view.Pixel(skyX, 0);
        quad[1] = view.Pixel(skyX + (float)ViewportW, 0);
        quad[2] = view.Pixel(skyX + (float)ViewportW, (float)ViewportH);
        quad[3] = view.Pixel(skyX, (float)ViewportH);
        frame.Polygon(quad, Sky);

        DrawClouds(frame, view, terrain, scroll);
        DrawTerrainFill(frame, view, terrain, scroll, quad);
        DrawLidar(lane, frame, view);
        DrawTerrainBodies(frame, view, terrain, scroll, quad);
        DrawWalker(lane, frame, view, quad);
        DrawFlag(frame, view);
    }

    private static void DrawClouds(Frame frame, View view, TerrainGenerator terrain, double scroll)
    {
        Span<Vector2> cloud = stackalloc Vector2[5];
        for (int k = 0; k < Clouds; k++)
        {
            (double x1, double x2) = terrain.CloudExtent(k);
            if (x2 < scroll / 2 || x1 > scroll / 2 + ViewportW / Scale)
            {
                continue;
            }
            ReadOnlySpan<double> v = terrain.Cloud(k);
            for (int a = 0; a < 5; a++)
            {
                cloud[a] = view.Pixel((float)(v[2 * a] * Scale + scroll * Scale / 2), (float)(v[2 * a + 1] * Scale));
            }
            frame.Polygon(cloud, Rgb.White);
        }
    }

    private static void DrawTerrainFill(Frame frame, View view, TerrainGenerator terrain, double scroll, Span<Vector2> quad)
    {
        ReadOnlySpan<double> xs = terrain.X, ys = terrain.Y;
        for (int i = 0; i < TerrainLength - 1; i++)
        {
            if (xs[i + 1] < scroll || xs[i] > scroll + ViewportW / Scale)
            {
                continue;
            }
            quad[0] = view.World(xs[i], ys[i]);
            quad[1] = view.World(xs[i + 1], ys[i + 1]);
            quad[2] = view.World(xs[i + 1], 0);
            quad[3] = view.World(xs[i], 0);
            frame.Polygon(quad, TerrainFill);
        }
    }

    private static void DrawLidar(WalkerLane lane, Frame frame, View view)
    {
        BodyState hull = lane.States[WalkerLane.Hull];
        Vector2 origin = view.World(hull.X, hull.Y);
        ReadOnlySpan<Vector2> hits = lane.LidarHits;
        Span<Vector2> ray = stackalloc Vector2[2];
        ray[0] = origin;
        for (int i = 0; i < LidarRays; i++)
        {
            ray[1] = view.World(hits[i].X, hits[i].Y);
            frame.Line(ray, LidarFaint);
        }
        lane.LidarRender = (lane.LidarRender + 1) % 100;
        int sweep = lane.LidarRender;
        if (sweep < 2 * LidarRays)
        {
            int index = sweep < LidarRays ? sweep : 2 * LidarRays - 1 - sweep;
            ray[1] = view.World(hits[index].X, hits[index].Y);
            frame.Line(ray, LidarRed);
        }
    }

    // Gymnasium's draw list is the reversed terrain list: edges from the last to the first, then
    // obstacles from the last to the first. Bodies outside the window are skipped; they would not show.
    private static void DrawTerrainBodies(Frame frame, View view, TerrainGenerator terrain, double scroll, Span<Vector2> quad)
    {
        double min = scroll - 1, max = scroll + ViewportW / Scale + 1;
        ReadOnlySpan<double> xs = terrain.X, ys = terrain.Y;
        Span<Vector2> edge = stackalloc Vector2[2];
        for (int i = TerrainLength - 2; i >= 0; i--)
        {
            if (xs[i + 1] < min || xs[i] > max)
            {
                continue;
            }
            edge[0] = view.World(xs[i], ys[i]);
            edge[1] = view.World(xs[i + 1], ys[i + 1]);
            frame.Line(edge, new Rgb(76, i % 2 == 0 ? (byte)255 : (byte)204, 76));
        }
        for (int k = terrain.ObstacleCount - 1; k >= 0; k--)
        {
            ReadOnlySpan<double> v = terrain.Obstacle(k);
            if (Math.Max(v[0], v[2]) < min || Math.Min(v[0], v[2]) > max)
            {
                continue;
            }
            for (int p = 0; p < 4; p++)
            {
                quad[p] = view.World(v[2 * p], v[2 * p + 1]);
            }
            frame.Polygon(quad, ObstacleFill, ObstacleOutline);
        }
    }

    private static void DrawWalker(WalkerLane lane, Frame frame, View view, Span<Vector2> quad)
    {
        ReadOnlySpan<BodyState> states = lane.States;
        for (int leg = 0; leg < 4; leg++)
        {
            int i = leg < 2 ? -1 : +1;
            Vector2 half = WalkerWorldBuilder.LegHalfExtents(lower: leg % 2 == 1);
            quad[0] = new Vector2(-half.X, -half.Y);
            quad[1] = new Vector2(half.X, -half.Y);
            quad[2] = new Vector2(half.X, half.Y);
            quad[3] = new Vector2(-half.X, half.Y);
            Transform(states[1 + leg], quad, quad, view);
            var fill = new Rgb((byte)(153 - i * 25), (byte)(76 - i * 25), (byte)(127 - i * 25));
            var outline = new Rgb((byte)(102 - i * 25), (byte)(51 - i * 25), (byte)(76 - i * 25));
            frame.Polygon(quad, fill, outline);
        }
        Span<Vector2> hull = stackalloc Vector2[WalkerWorldBuilder.Hull.Length];
        Transform(states[WalkerLane.Hull], WalkerWorldBuilder.Hull, hull, view);
        frame.Polygon(hull, HullFill, HullOutline);
    }

    private static void DrawFlag(Frame frame, View view)
    {
        float x = (float)(TerrainStep * 3 * Scale);
        float y1 = (float)(TerrainHeight * Scale), y2 = y1 + 50;
        frame.Line([view.Pixel(x, y1), view.Pixel(x, y2)], Rgb.Black);
        frame.Polygon([view.Pixel(x, y2), view.Pixel(x, y2 - 10), view.Pixel(x + 25, y2 - 5)], FlagFill, Rgb.Black);
    }

    private static void Transform(BodyState body, ReadOnlySpan<Vector2> local, Span<Vector2> output, View view)
    {
        float c = MathF.Cos(body.Angle), s = MathF.Sin(body.Angle);
        for (int p = 0; p < local.Length; p++)
        {
            Vector2 v = local[p];
            output[p] = view.World(body.X + c * v.X - s * v.Y, body.Y + s * v.X + c * v.Y);
        }
    }

    /// <summary>Maps Gymnasium's surface pixels (or world units) into the frame's window.</summary>
    private readonly record struct View(int Left, float ScaleX, float ScaleY)
    {
        public Vector2 Pixel(float x, float y) => new((x - Left) * ScaleX, y * ScaleY);

        public Vector2 World(double x, double y) => Pixel((float)(x * Scale), (float)(y * Scale));
    }
}
