using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Tensors.Networks;

/// <summary>
/// 2-D convolution (stride 1) whose input gradient is right. The oneDNN (3.7.1) that libtorch 2.10 uses for CPU
/// convolutions returns a wrong input gradient when the output channels are not a multiple of its channel block
/// (16 floats with AVX-512, 8 with AVX2): every element differs from the float64 result, now and then by NaN.
/// Forward results and weight gradients are right, and so is the input gradient at multiples of the block, so a
/// convolution of such a width runs as one padded with zero filters up to the next multiple of 16 and keeps the
/// real channels. oneDNN stores those channels padded to its block anyway, so the padding costs little.
/// </summary>
public static class Convolution
{
    /// <summary>Output channels are computed exactly in multiples of this (AVX-512's block; AVX2's 8 divides it).</summary>
    public const int ChannelBlock = 16;

    /// <summary>Whether a convolution of <paramref name="outputChannels"/> runs padded.</summary>
    public static bool Pads(long outputChannels) => outputChannels % ChannelBlock != 0;

    /// <summary>
    /// conv2d(<paramref name="input"/>, <paramref name="weight"/> [out, in, kh, kw], <paramref name="bias"/>) with
    /// <paramref name="padding"/> on every side. Intermediates belong to the caller's dispose scope.
    /// </summary>
    public static Tensor Forward(Tensor input, Tensor weight, Tensor? bias = null, long padding = 0)
    {
        long outputs = weight.shape[0];
        if (!Pads(outputs))
        {
            return F.conv2d(input, weight, bias, padding: [padding, padding]);
        }
        long extra = ChannelBlock - outputs % ChannelBlock;
        // F.pad lists (before, after) pairs from the last dimension back; the filters' first dimension grows at its end.
        var filters = F.pad(weight, [0, 0, 0, 0, 0, 0, 0, extra]);
        var shift = bias is null ? null : F.pad(bias, [0, extra]);
        return F.conv2d(input, filters, shift, padding: [padding, padding]).narrow(1, 0, outputs);
    }
}
