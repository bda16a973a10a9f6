using Sandbox.Tensors.Networks;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Tensors.Tests.Networks;

public sealed class ConvolutionTests
{
    [Theory]
    [InlineData(8, 1)]
    [InlineData(24, 0)]
    [InlineData(32, 1)]
    public void A_convolutions_output_and_gradients_equal_the_float64_ones(int outputChannels, int padding)
    {
        manual_seed(outputChannels);
        using var scope = NewDisposeScope();
        var input = randn(8, 8, 16, 16).requires_grad_(true);
        var weight = randn(outputChannels, 8, 3, 3).requires_grad_(true);
        var bias = randn(outputChannels).requires_grad_(true);
        var output = Convolution.Forward(F.relu(input), weight, bias, padding);
        output.pow(2).sum().backward();

        var input64 = input.detach().to(ScalarType.Float64).requires_grad_(true);
        var weight64 = weight.detach().to(ScalarType.Float64).requires_grad_(true);
        var bias64 = bias.detach().to(ScalarType.Float64).requires_grad_(true);
        var output64 = F.conv2d(F.relu(input64), weight64, bias64, padding: [padding, padding]);
        output64.pow(2).sum().backward();

        Assert.Equal(output64.shape, output.shape);
        AssertClose(output64, output);
        AssertClose(input64.grad!, input.grad!);
        AssertClose(weight64.grad!, weight.grad!);
        AssertClose(bias64.grad!, bias.grad!);
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(24, true)]
    [InlineData(16, false)]
    [InlineData(64, false)]
    public void Only_output_widths_off_the_channel_block_are_padded(int outputChannels, bool padded) =>
        Assert.Equal(padded, Convolution.Pads(outputChannels));

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        double error = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        double scale = expected.abs().max().item<double>();
        Assert.True(error <= 1e-5 * scale, $"largest difference {error} against values up to {scale}");
    }
}
