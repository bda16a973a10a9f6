using Sandbox.Core.Random;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>The RNG-exact terrain and cloud reference values of envs.md §5.10–§5.11 (no physics).</summary>
public sealed class TerrainGeneratorTests
{
    private const double TerrainStep = 14 / 30.0;

    private static TerrainGenerator Generate(ulong seed, bool hardcore, NumpyGenerator? random = null)
    {
        random ??= new NumpyGenerator(seed);
        var terrain = new TerrainGenerator();
        terrain.Generate(random, hardcore);
        terrain.GenerateClouds(random);
        return terrain;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0; // Python's sum(): left to right from 0
        foreach (double v in values)
        {
            sum += v;
        }
        return sum;
    }

    [Fact]
    public void Normal_seed_0_heights_match_gymnasium()
    {
        TerrainGenerator terrain = Generate(0, hardcore: false);
        double[] expected =
        [
            3.3179857809175917, 3.2851059739140775, 3.2365706373465017, 3.2286270507057924, 3.2597892198784066,
            3.30182800693431, 3.3607588073112993, 3.400811780377252, 3.400811780377252, 3.4518589870825322,
            3.5037536560548586, 3.5021186245773963, 3.514637551167931, 3.483558397460723, 3.464005437590286,
            3.4167401110674405, 3.4167401110674405, 3.3716919311991034, 3.3123008466735926,
        ];
        for (int i = 0; i <= 20; i++)
        {
            Assert.Equal(3.3333333333333335, terrain.Y[i]);
        }
        Assert.Equal(expected, terrain.Y[21..40].ToArray());
        Assert.Equal(671.316768237814, Sum(terrain.Y), 1e-9);
        Assert.Equal(3.3859546771186042, terrain.Y[199]);
        Assert.Equal(92.86666666666667, terrain.X[199]);
        Assert.Equal(0, terrain.ObstacleCount);
    }

    [Fact]
    public void Normal_seed_0_segment_lengths_are_drawn_in_gymnasium_order()
    {
        TerrainGenerator terrain = Generate(0, hardcore: false);
        int[] expected = [9, 8, 5, 9, 9, 8, 6, 9, 8, 5, 8, 9, 9, 9, 9, 6, 7, 9, 5, 7, 9, 7, 7, 5];
        Assert.Equal(expected, terrain.SegmentLengthDraws.ToArray());
        Assert.Empty(terrain.StateDraws.ToArray());
    }

    [Fact]
    public void Normal_seed_0_first_cloud_uses_3_14_and_x_before_y_draws()
    {
        TerrainGenerator terrain = Generate(0, hardcore: false);
        double[] expected =
        [
            83.44698463511956, 13.136690038912093, 91.23282615810515, 11.459654836324358, 86.80337394012093,
            10.167604952747773, 80.04711939025378, 9.668084554710488, 77.82874844462314, 12.875383105428208,
        ];
        Assert.Equal(expected, terrain.Cloud(0).ToArray());
        Assert.Equal((77.82874844462314, 91.23282615810515), terrain.CloudExtent(0));
    }

    [Fact]
    public void Normal_seed_0_draw_counts_match_the_spec()
    {
        var random = new NumpyGenerator(0);
        TerrainGenerator terrain = Generate(0, hardcore: false, random);
        TerrainDrawCounts counts = terrain.DrawCounts;
        Assert.Equal(new TerrainDrawCounts(156, 24, 0, 0, 0, 0, 0, 10, 100), counts);
        Assert.Equal(291, counts.Total + 1); // + the hull push
    }

    [Fact]
    public void Hardcore_seed_0_states_and_first_obstacle_match_gymnasium()
    {
        TerrainGenerator terrain = Generate(0, hardcore: true);
        Assert.Equal([2, 3, 1, 2, 2, 2, 1, 1, 3, 2, 3, 3], terrain.StateDraws.ToArray());
        Assert.Equal(27, terrain.ObstacleCount);

        // Downward stairs at i = 20: three steps 4 terrain steps wide, each one step lower.
        double x = 20 * TerrainStep, top = 3.3333333333333335;
        Assert.Equal(9.333333333333334, x, 1e-12);
        for (int s = 0; s < 3; s++)
        {
            ReadOnlySpan<double> step = terrain.Obstacle(s);
            Assert.Equal(x + (s * 4) * TerrainStep, step[0]);
            Assert.Equal(top + (s * -1) * TerrainStep, step[1]);
            Assert.Equal(x + ((1 + s) * 4) * TerrainStep, step[2]);
            Assert.Equal(top + (-1 + s * -1) * TerrainStep, step[5]);
        }
        // The next obstacle is the pit (state 3): a TERRAIN_STEP-wide wall 4 steps deep.
        ReadOnlySpan<double> pit = terrain.Obstacle(3);
        Assert.Equal(TerrainStep, pit[2] - pit[0], 1e-12);
        Assert.Equal(4 * TerrainStep, pit[1] - pit[5], 1e-12);
    }

    [Fact]
    public void Hardcore_seed_0_heights_follow_the_stair_slope()
    {
        TerrainGenerator terrain = Generate(0, hardcore: true);
        double[] expected =
        [
            3.3333333333333335, 3.1, 2.9833333333333334, 2.8666666666666667, 2.75, 2.6333333333333337,
            2.5166666666666666, 2.4000000000000004, 2.283333333333333, 2.166666666666667, 2.05, 1.9333333333333336,
        ];
        Assert.Equal(expected, terrain.Y[20..32].ToArray());
        Assert.Equal(715.529470175035, Sum(terrain.Y), 1e-9);
        Assert.Equal(4.9445669479601841, terrain.Y[199]);
    }

    [Fact]
    public void Hardcore_seed_0_draw_counts_match_the_spec()
    {
        TerrainGenerator terrain = Generate(0, hardcore: true);
        TerrainDrawCounts counts = terrain.DrawCounts;
        Assert.Equal(new TerrainDrawCounts(77, 24, 12, 5, 5, 9, 3, 10, 100), counts);
        Assert.Equal(246, counts.Total + 1);
    }

    [Fact]
    public void Regenerating_reuses_the_instance_and_gives_the_same_terrain()
    {
        var terrain = new TerrainGenerator();
        terrain.Generate(new NumpyGenerator(7), hardcore: true);
        double[] first = terrain.Y.ToArray();
        int obstacles = terrain.ObstacleCount;
        terrain.Generate(new NumpyGenerator(8), hardcore: true);
        terrain.Generate(new NumpyGenerator(7), hardcore: true);
        Assert.Equal(first, terrain.Y.ToArray());
        Assert.Equal(obstacles, terrain.ObstacleCount);
    }

    [Fact]
    public void Obstacles_stay_valid_polygons_over_many_seeds()
    {
        var terrain = new TerrainGenerator();
        var random = new NumpyGenerator(0);
        for (ulong seed = 0; seed < 500; seed++)
        {
            random.Reseed(seed);
            terrain.Generate(random, hardcore: true);
            Assert.InRange(terrain.ObstacleCount, 1, 200);
            for (int k = 0; k < terrain.ObstacleCount; k++)
            {
                ReadOnlySpan<double> q = terrain.Obstacle(k);
                Assert.True(Math.Abs(q[2] - q[0]) >= TerrainStep - 1e-9 && Math.Abs(q[1] - q[5]) >= TerrainStep - 1e-9);
            }
        }
    }
}
