using Sandbox.Tensors.Loading;
using Sandbox.Tensors.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Tensors.Tests.Native;

public sealed class ConvolutionGradientsTests
{
    static ConvolutionGradientsTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(32)]
    public void An_exact_backward_gives_a_convolutions_input_gradient_equal_to_the_float64_one(int outputChannels)
    {
        manual_seed(outputChannels);
        using var scope = NewDisposeScope();
        var input = randn(8, 8, 16, 16).requires_grad_(true);
        var weight = randn(outputChannels, 8, 3, 3).requires_grad_(true);
        var loss = F.conv2d(F.relu(input), weight, padding: [1, 1]).pow(2).sum();
        ConvolutionGradients.Backward(loss, exact: true);

        var input64 = input.detach().to(ScalarType.Float64).requires_grad_(true);
        var weight64 = weight.detach().to(ScalarType.Float64).requires_grad_(true);
        F.conv2d(F.relu(input64), weight64, padding: [1, 1]).pow(2).sum().backward();

        Assert.True(input.grad!.to(ScalarType.Float64).allclose(input64.grad!, rtol: 1e-4, atol: 1e-3));
        Assert.True(weight.grad!.to(ScalarType.Float64).allclose(weight64.grad!, rtol: 1e-4, atol: 1e-2));
    }

    [Fact]
    public void An_exact_backward_restores_the_convolution_backend_setting_it_found()
    {
        bool before = ConvolutionGradients.OneDnnEnabled;
        using var scope = NewDisposeScope();
        var weight = randn(4, 3, 3, 3).requires_grad_(true);
        ConvolutionGradients.Backward(F.conv2d(randn(2, 3, 8, 8), weight).sum(), exact: true);
        Assert.Equal(before, ConvolutionGradients.OneDnnEnabled);
        Assert.NotNull(weight.grad);
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(24, true)]
    [InlineData(16, false)]
    [InlineData(64, false)]
    public void Output_widths_off_the_channel_block_need_the_exact_input_gradient(int outputChannels, bool needed) =>
        Assert.Equal(needed, ConvolutionGradients.NeedsExactInputGradient(outputChannels));
}
