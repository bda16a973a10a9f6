using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;

namespace Sandbox.Evolution.Tests.Candidates;

public sealed class ShapedNoiseTests
{
    private static readonly NoiseKey Key = new(9, NoiseKey.SearchStream, 4, 2);

    private static float[] Epsilon(int n)
    {
        var eps = new float[n];
        PerturbationGenerator.Fill(eps, Key, 0, NoiseDistribution.Gaussian);
        return eps;
    }

    [Fact]
    public void A_diagonal_shape_scales_each_element_of_the_noise()
    {
        const int n = 1500; // more than one chunk of the diagonal path
        var centre = Enumerable.Range(0, n).Select(i => i * 0.001f).ToArray();
        var stdev = Enumerable.Range(0, n).Select(i => 0.01f + (i % 7) * 0.1f).ToArray();
        var d = new CandidateDescriptor(0, 0, [new NoiseTerm(Key, -0.5f, NoiseDistribution.Gaussian, 1)]);
        var theta = new float[n];
        d.Materialize([centre, stdev], theta);
        var eps = Epsilon(n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(centre[i] + -0.5f * stdev[i] * eps[i], theta[i]);
        }
    }

    [Fact]
    public void A_matrix_shape_multiplies_the_noise_row_by_row_in_double()
    {
        const int n = 6;
        var matrix = new float[n * n];
        for (int i = 0; i < matrix.Length; i++)
        {
            matrix[i] = MathF.Sin(i + 1);
        }
        var d = new CandidateDescriptor(0, -1, [new NoiseTerm(Key, 2f, NoiseDistribution.Gaussian, 0)]);
        var theta = new float[n];
        d.Materialize([matrix], theta);
        var eps = Epsilon(n);
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                row += (double)matrix[i * n + j] * eps[j];
            }
            Assert.Equal(2f * (float)row, theta[i]);
        }
        var y = new double[n];
        NoiseShape.Transform(matrix, eps, y);
        Assert.Equal(theta, y.Select(v => 2f * (float)v));
    }

    [Fact]
    public void The_identity_matrix_and_a_unit_diagonal_give_the_unshaped_candidate()
    {
        const int n = 40;
        var centre = Enumerable.Range(0, n).Select(i => 1f - i * 0.05f).ToArray();
        var identity = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            identity[i * n + i] = 1;
        }
        var ones = Enumerable.Repeat(1f, n).ToArray();
        var plain = new float[n];
        CandidateDescriptor.Perturbed(0, 0, Key, 0.3f).Materialize([centre], plain);
        foreach (int shape in new[] { 1, 2 })
        {
            var theta = new float[n];
            new CandidateDescriptor(0, 0, [new NoiseTerm(Key, 0.3f, NoiseDistribution.Gaussian, shape)]).Materialize([centre, ones, identity], theta);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(plain[i], theta[i], 6);
            }
        }
    }

    [Fact]
    public void Shapes_apply_to_the_slice_only()
    {
        var centre = new float[10];
        var stdev = Enumerable.Repeat(2f, 4).ToArray();
        var theta = new float[10];
        new CandidateDescriptor(0, 0, [new NoiseTerm(Key, 1f, NoiseDistribution.Gaussian, 1)], sliceStart: 3, sliceLength: 4).Materialize([centre, stdev], theta);
        var eps = Epsilon(4);
        Assert.Equal(new float[] { 0, 0, 0, 2 * eps[0], 2 * eps[1], 2 * eps[2], 2 * eps[3], 0, 0, 0 }, theta);
    }

    [Fact]
    public void Check_rejects_a_shape_that_is_not_a_base_or_does_not_fit()
    {
        var d = new CandidateDescriptor(3, 0, [new NoiseTerm(Key, 1f, NoiseDistribution.Gaussian, 2)]);
        Assert.Contains("noise shape 2 is not one of the 2 bases", d.Check(10, 2));
        Assert.Contains("fits neither", d.Check(10, [new float[10], new float[10], new float[11]]));
        Assert.Null(d.Check(10, [new float[10], new float[10], new float[100]]));
        Assert.Throws<InvalidOperationException>(() => d.Materialize([new float[10], new float[10], new float[11]], new float[10]));
    }

    [Fact]
    public void Unshaped_descriptors_are_unchanged_and_differ_from_shaped_ones()
    {
        var plain = CandidateDescriptor.Perturbed(1, 0, Key, 0.1f);
        Assert.Null(plain.Direction.Shape);
        Assert.Equal(plain, new CandidateDescriptor(1, 0, [new NoiseTerm(Key, 0.1f)]));
        Assert.NotEqual(plain, new CandidateDescriptor(1, 0, [new NoiseTerm(Key, 0.1f, NoiseDistribution.Gaussian, 1)]));
    }
}
