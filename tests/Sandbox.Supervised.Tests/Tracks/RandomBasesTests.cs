using Sandbox.Core.Perturbations;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.RandomBases;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class RandomBasesTests
{
    private static readonly RandomBasesTrack Track = new();

    /// <summary>An explicit base (rows are the directions), for checking the step rule against known algebra.</summary>
    private sealed class DenseBasis(float[][] rows) : IBasis
    {
        public int Directions => rows.Length;

        public void Coordinates(ReadOnlySpan<float> gradient, Span<float> coordinates)
        {
            for (int j = 0; j < rows.Length; j++)
            {
                double sum = 0;
                for (int i = 0; i < gradient.Length; i++)
                {
                    sum += (double)rows[j][i] * gradient[i];
                }
                coordinates[j] = (float)sum;
            }
        }

        public void Add(Span<float> theta, ReadOnlySpan<float> coefficients)
        {
            for (int i = 0; i < theta.Length; i++)
            {
                double sum = 0;
                for (int j = 0; j < rows.Length; j++)
                {
                    sum += (double)coefficients[j] * rows[j][i];
                }
                theta[i] += (float)sum;
            }
        }
    }

    private static float[] Random(int n, ulong seed, NoiseDistribution distribution = NoiseDistribution.Gaussian)
    {
        var v = new float[n];
        PerturbationGenerator.Fill(v, new NoiseKey(seed, 99, 0, 0), 0, distribution);
        return v;
    }

    [Theory]
    [InlineData("one", 250)]
    [InlineData("layer", 250)]
    [InlineData("layer", 4)]
    [InlineData("1", 10)]
    [InlineData("7", 250)]
    [InlineData("16", 16)]
    public void Compartments_cover_every_parameter_and_direction_exactly_once(string scheme, int directions)
    {
        int[] layers = [784 * 128, 128, 128 * 10, 10];
        var parts = Compartments.Split(scheme, layers, directions);
        int total = layers.Sum();
        var owner = new int[total];
        var directionOwner = new int[directions];
        foreach (var part in parts)
        {
            Assert.True(part.Length >= 1 && part.Directions >= 1, $"empty compartment {part}");
            for (int i = part.Start; i < part.Start + part.Length; i++)
            {
                owner[i]++;
            }
            for (int j = part.FirstDirection; j < part.FirstDirection + part.Directions; j++)
            {
                directionOwner[j]++;
            }
        }
        Assert.All(owner, count => Assert.Equal(1, count));
        Assert.All(directionOwner, count => Assert.Equal(1, count));
        if (scheme == "layer")
        {
            Assert.Equal(layers, parts.Select(p => p.Length));
        }
    }

    [Fact]
    public void Unknown_or_too_fine_compartments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Compartments.Split("rows", [10, 10], 4));
        Assert.Throws<ArgumentException>(() => Compartments.Split("8", [10, 10], 4));
        Assert.NotEmpty(Track.Validate(Track.Defaults("cpu", "mnist") with { Compartments = "0" }));
        Assert.NotEmpty(Track.Validate(Track.Defaults("cpu", "mnist") with { Basis = "cauchy" }));
        Assert.Empty(Track.Validate(Track.Defaults("cpu", "mnist") with { Compartments = "layer" }));
    }

    [Fact]
    public void Full_orthonormal_base_reproduces_the_sgd_step()
    {
        const int D = 48;
        // Gram–Schmidt on Gaussian rows: an orthonormal base of all D directions.
        var rows = new float[D][];
        for (int j = 0; j < D; j++)
        {
            var v = Random(D, 100 + (ulong)j).Select(x => (double)x).ToArray();
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < D; i++)
                {
                    dot += v[i] * rows[k][i];
                }
                for (int i = 0; i < D; i++)
                {
                    v[i] -= dot * rows[k][i];
                }
            }
            double norm = Math.Sqrt(v.Sum(x => x * x));
            rows[j] = v.Select(x => (float)(x / norm)).ToArray();
        }
        var theta = Random(D, 1);
        var gradient = Random(D, 2);
        var stepped = (float[])theta.Clone();
        RandomBasesTrainer.Step(new DenseBasis(rows), stepped, gradient, new float[D], 0.7f);
        for (int i = 0; i < D; i++)
        {
            Assert.Equal(theta[i] - 0.7f * gradient[i], stepped[i], 1e-5f);
        }
        // With fewer directions it is not the SGD step (the test can tell the difference).
        var partial = (float[])theta.Clone();
        RandomBasesTrainer.Step(new DenseBasis(rows[..(D / 2)]), partial, gradient, new float[D / 2], 0.7f);
        Assert.Contains(Enumerable.Range(0, D), i => Math.Abs(theta[i] - 0.7f * gradient[i] - partial[i]) > 1e-3f);
    }

    [Fact]
    public void Generated_sign_base_with_one_compartment_per_weight_is_the_sgd_step()
    {
        // K = D: every weight its own compartment with one ±1 direction (§3.1.1: recovers SGD).
        const int D = 1000;
        var basis = new GeneratedBasis(Compartments.Split(D.ToString(System.Globalization.CultureInfo.InvariantCulture), [D], D), 3,
            NoiseKey.RandomBasesStream, NoiseDistribution.Rademacher, 1) { Generation = 17 };
        var theta = Random(D, 4);
        var gradient = Random(D, 5);
        var stepped = (float[])theta.Clone();
        RandomBasesTrainer.Step(basis, stepped, gradient, new float[D], 0.25f);
        for (int i = 0; i < D; i++)
        {
            Assert.Equal(theta[i] - 0.25f * gradient[i], stepped[i], 1e-6f);
        }
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("uniform")]
    [InlineData("bernoulli")]
    public void Generated_base_equals_the_materialised_base_for_any_thread_count(string name)
    {
        const int D = 40_000;
        var distribution = RandomBasesTrack.Distribution(name);
        var parts = Compartments.Split("3", [D], 12);
        var one = new GeneratedBasis(parts, 9, NoiseKey.RandomBasesStream, distribution, 1) { Generation = 5 };
        var two = new GeneratedBasis(parts, 9, NoiseKey.RandomBasesStream, distribution, 2) { Generation = 5 };
        // The explicit base: each direction materialised over its compartment, zero elsewhere.
        var rows = new float[12][];
        foreach (var part in parts)
        {
            for (int j = part.FirstDirection; j < part.FirstDirection + part.Directions; j++)
            {
                rows[j] = new float[D];
                PerturbationGenerator.Fill(rows[j].AsSpan(part.Start, part.Length), new NoiseKey(9, NoiseKey.RandomBasesStream, 5, (uint)j), 0,
                    distribution, GeneratedBasis.Normalisation(distribution, part.Length));
            }
        }
        // Directions have unit expected norm.
        Assert.All(rows, r => Assert.InRange(Math.Sqrt(r.Sum(x => (double)x * x)), 0.95, 1.05));
        var dense = new DenseBasis(rows);
        var gradient = Random(D, 6);
        float[] c1 = new float[12], c2 = new float[12], expected = new float[12];
        one.Coordinates(gradient, c1);
        two.Coordinates(gradient, c2);
        dense.Coordinates(gradient, expected);
        Assert.Equal(c1, c2);
        for (int j = 0; j < 12; j++)
        {
            Assert.Equal(expected[j], c1[j], 1e-4f);
        }
        var theta1 = Random(D, 7);
        var theta2 = (float[])theta1.Clone();
        var thetaDense = (float[])theta1.Clone();
        one.Add(theta1, c1);
        two.Add(theta2, c1);
        dense.Add(thetaDense, c1);
        Assert.Equal(theta1, theta2);
        for (int i = 0; i < D; i++)
        {
            Assert.Equal(thetaDense[i], theta1[i], 1e-5f);
        }
    }

    [Theory]
    [InlineData("gaussian", "one")]
    [InlineData("bernoulli", "layer")]
    [InlineData("uniform", "5")]
    public void One_pass_step_equals_coordinates_then_update_and_is_the_same_for_any_thread_count(string name, string scheme)
    {
        int[] layers = [30_000, 128, 1_280, 10];
        int size = layers.Sum();
        var distribution = RandomBasesTrack.Distribution(name);
        var parts = Compartments.Split(scheme, layers, 20);
        GeneratedBasis Basis(int threads) => new(parts, 11, NoiseKey.RandomBasesStream, distribution, threads) { Generation = 3 };
        var gradient = Random(size, 8);
        var start = Random(size, 9);
        // The two-pass form through the base's own Coordinates and Add.
        var expectedCoordinates = new float[20];
        var twoPass = Basis(1);
        twoPass.Coordinates(gradient, expectedCoordinates);
        var expected = (float[])start.Clone();
        twoPass.Add(expected, expectedCoordinates.Select(c => -0.3f * c).ToArray());
        float[] one = (float[])start.Clone(), two = (float[])start.Clone();
        float[] c1 = new float[20], c2 = new float[20];
        Basis(1).Descend(one, gradient, c1, 0.3f);
        Basis(2).Descend(two, gradient, c2, 0.3f);
        Assert.Equal(c1, c2);
        Assert.Equal(one, two);
        for (int j = 0; j < 20; j++)
        {
            Assert.Equal(expectedCoordinates[j], c1[j], 1e-4f);
        }
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(expected[i], one[i], 1e-5f);
        }
        Assert.Contains(Enumerable.Range(0, size), i => one[i] != start[i]);
    }

    [Theory]
    [InlineData(RandomBasesTrack.RbdMethod, 0.5)]
    [InlineData(RandomBasesTrack.SgdMethod, 0.75)]
    public void A_small_mnist_run_beats_chance_by_a_wide_margin(string method, double floor)
    {
        var config = Track.Defaults("cpu", "mnist") with
        {
            Method = method,
            LearningRate = method == RandomBasesTrack.SgdMethod ? 0.1 : 3,
            Epochs = 1,
            TrainLimit = 6400,
            TestLimit = 1000,
            Seed = 3,
        };
        Assert.Empty(Track.Validate(config));
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        using var trainer = Track.CreateTrainer(config, data);
        Assert.Equal(101_770, trainer.TrainableCount);
        var stats = trainer.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        var (_, accuracy) = trainer.Evaluate(data.Test);
        Assert.True(accuracy >= floor, $"{method}: test accuracy {accuracy:P1} after one epoch of 200 steps (chance 10 %)");
    }
}
