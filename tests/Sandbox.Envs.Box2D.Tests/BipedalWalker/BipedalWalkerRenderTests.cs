using Sandbox.Core.Rendering;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>Frames follow envs.md §7.3: scrolled window, draw order, colours, lidar sweep.</summary>
public sealed class BipedalWalkerRenderTests
{
    private static readonly Rgb Sky = new(215, 215, 255);
    private static readonly Rgb Hull = new(127, 51, 229);
    private static readonly Rgb Red = new(255, 0, 0);

    [Fact]
    public void Frame_draws_sky_first_then_terrain_walker_and_flag()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        var frame = new Frame();
        env.Render(0, frame);

        IReadOnlyList<FramePrimitive> p = frame.Primitives;
        Assert.Equal(Sky, p[0].Color);
        Assert.Contains(p, q => q.Kind == PrimitiveKind.Polygon && q.Color == new Rgb(102, 153, 76));
        Assert.Contains(p, q => q.Kind == PrimitiveKind.Line && q.Color == new Rgb(76, 255, 76));
        int hull = p.ToList().FindIndex(q => q.Color == Hull);
        Assert.Equal(new Rgb(76, 76, 127), p[hull].Outline);
        Assert.Equal(new Rgb(230, 51, 0), p[^1].Color); // the flag pennant comes last

        // The hull is drawn where the window puts it: x·30 minus the scrolled-off columns.
        float left = (int)(600 + Math.Max(0, env.HullPosition(0).X - 4.0) * 30) - 600;
        float hullX = p[hull].Points.Average(v => v.X);
        Assert.InRange(hullX, env.HullPosition(0).X * 30 - left - 10, env.HullPosition(0).X * 30 - left + 10);
    }

    [Fact]
    public void All_ten_lidar_rays_are_drawn_and_one_sweeps_in_red()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        var frame = new Frame();
        var sweep = new List<int>();
        for (int call = 0; call < 100; call++)
        {
            env.Render(0, frame);
            var lines = frame.Primitives.Where(q => q.Kind == PrimitiveKind.Line && q.Color.R == 255 && q.Color.G < 200).ToList();
            int red = lines.Count(q => q.Color == Red);
            Assert.Equal(10, lines.Count - red);
            Assert.InRange(red, 0, 1);
            if (red == 1)
            {
                var ray = lines.Single(q => q.Color == Red);
                var faint = lines.Where(q => q.Color != Red).ToList();
                sweep.Add(faint.FindIndex(q => q.Points[1] == ray.Points[1]));
            }
        }
        // Gymnasium's lidar_render: rays 1..9 then 9..0 on calls 1..19, nothing on calls 20..99, and
        // call 100 wraps the counter to 0, which draws ray 0.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0], sweep);
    }
}
