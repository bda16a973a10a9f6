using Sandbox.Core.Random;

namespace Sandbox.Core.Tests.Random;

/// <summary>Checks against NumPy values quoted in envs.md Appendix A and §4.10.</summary>
public sealed class NumpyGeneratorTests
{
    [Fact]
    public void SeedSequence_of_zero_matches_numpy()
    {
        Span<ulong> words = stackalloc ulong[4];
        NumpySeedSequence.GenerateState(0, words);
        Assert.Equal(0xdb2cd7e7b0f478beUL, words[0]);
        Assert.Equal(0xabf4641a2c71ba49UL, words[1]);
        Assert.Equal(0x20c6ed6d9d7b8d41UL, words[2]);
        Assert.Equal(0x2c4099de223c39d4UL, words[3]);
    }

    [Fact]
    public void Pcg64_first_outputs_for_seed_zero_match_numpy()
    {
        var rng = new NumpyGenerator(0);
        Assert.Equal(0xa30febcfd9c2825fUL, rng.NextUInt64());
        Assert.Equal(0x4510bdf882d9d721UL, rng.NextUInt64());
        Assert.Equal(0x0a7d3da94ecde8b8UL, rng.NextUInt64());
    }

    [Fact]
    public void Random_doubles_for_seed_zero_match_numpy()
    {
        var rng = new NumpyGenerator(0);
        Assert.Equal(0.6369616873214543, rng.NextDouble());
        Assert.Equal(0.2697867137638703, rng.NextDouble());
        Assert.Equal(0.04097352393619469, rng.NextDouble());
    }

    [Fact]
    public void Uniform_terrain_heights_match_lunar_lander_seed_zero()
    {
        double[] expected =
        [
            4.246411248809696, 1.7985780917591354, 0.27315682624129795, 0.11018423685686063, 5.421801594668483,
            6.085037181851479, 4.044238505114532, 4.8633104065599895, 3.624166609769486, 6.233816158585122,
            5.439023694143548, 0.0182566678009873,
        ];
        var rng = new NumpyGenerator(0);
        const double halfHeight = 400.0 / 30.0 / 2;
        foreach (double e in expected)
        {
            Assert.Equal(e, rng.Uniform(0, halfHeight));
        }
        Assert.Equal(714.8085531751387, rng.Uniform(-1000, 1000));
        Assert.Equal(-932.8288493890713, rng.Uniform(-1000, 1000));
    }

    [Fact]
    public void Integers_use_half_words_like_numpy_wind_indices()
    {
        // LunarLander with wind, seed 0: 12 heights, 2 pushes, then the two wind draws (§4.10).
        var rng = new NumpyGenerator(0);
        for (int i = 0; i < 14; i++)
        {
            rng.NextDouble();
        }
        Assert.Equal(5297, rng.Integers(-9999, 9999));
        Assert.Equal(4592, rng.Integers(-9999, 9999));
    }

    [Fact]
    public void Integers_with_a_single_value_draw_nothing()
    {
        var a = new NumpyGenerator(7);
        var b = new NumpyGenerator(7);
        Assert.Equal(4, a.Integers(4, 5));
        Assert.Equal(b.NextUInt64(), a.NextUInt64());
    }

    [Fact]
    public void Reseeding_restarts_the_stream()
    {
        var rng = new NumpyGenerator(123);
        ulong first = rng.NextUInt64();
        rng.NextUInt32();
        rng.Reseed(123);
        Assert.Equal(first, rng.NextUInt64());
    }
}
