using Sandbox.Supervised.Tracks.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class FusedBatchNormTests
{
    /// <summary>libtorch's batch norm (batch statistics) of each group alone, ReLU, and the optional 2×2 average pool.</summary>
    private static Tensor Reference(Tensor x, int groups, Tensor gamma, Tensor beta, bool pool)
    {
        var parts = x.chunk(groups, 0).Select(part =>
        {
            var y = F.batch_norm(part, null, null, gamma, beta, true, 0.0, 1e-5).relu();
            return pool ? F.avg_pool2d(y, [2, 2]) : y;
        }).ToArray();
        return cat(parts, 0);
    }

    [Theory]
    [InlineData(1, 6, 3, 28, 28, true, 1)]
    [InlineData(2, 5, 4, 14, 14, true, 2)]
    [InlineData(3, 4, 16, 7, 7, false, 2)]
    [InlineData(2, 3, 2, 6, 10, false, 1)]
    public void Each_groups_normalisation_relu_and_pool_equal_libtorchs_of_that_group_alone(int groups, int perGroup, int channels, int height, int width, bool pool, int threads)
    {
        using var _ = no_grad();
        using var generator = new TorchSharp.torch.Generator(17);
        // Channels with a large mean beside their spread: the case where a naive E[x²] − E[x]² loses the variance.
        using var offsets = arange(channels, dtype: ScalarType.Float32).mul(25f).view(1, -1, 1, 1);
        using var x = randn([groups * perGroup, channels, height, width], generator: generator).mul(3f).add(offsets);
        using var gamma = rand([channels], generator: generator).add(0.5f);
        using var beta = randn([channels], generator: generator);
        using var expected = Reference(x, groups, gamma, beta, pool);

        using var input = x.clone();
        using var actual = FusedBatchNorm.NormaliseRelu(input, groups, TensorCopy.Floats(gamma), TensorCopy.Floats(beta), 1e-5, pool, threads);

        Assert.Equal(expected.shape, actual.shape);
        float worst = (expected - actual).abs().max().item<float>();
        Assert.True(worst < 2e-5f, $"largest difference {worst}");
        Assert.True(x.allclose(input, 0, 0), "the input was changed although overwrite was not asked for");
    }
}
