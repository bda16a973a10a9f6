using System.Runtime.Intrinsics;
using Sandbox.Tensors.Networks;

namespace Sandbox.Tensors.Tests.Networks;

public sealed class SoftmaxScoreTests
{
    [Fact]
    public void Exp_and_log_lanes_equal_their_scalar_twins_bit_for_bit_and_are_accurate()
    {
        var rng = new System.Random(9);
        for (int trial = 0; trial < 2000; trial++)
        {
            var x = new float[8];
            var s = new float[8];
            for (int i = 0; i < 8; i++)
            {
                x[i] = (float)(-rng.NextDouble() * 90);
                s[i] = (float)(1 + rng.NextDouble() * 1000);
            }
            var exp = SoftmaxScore.Exp(Vector256.Create<float>(x));
            var log = SoftmaxScore.Log(Vector256.Create<float>(s));
            for (int i = 0; i < 8; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(SoftmaxScore.Exp(x[i])), BitConverter.SingleToInt32Bits(exp[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(SoftmaxScore.Log(s[i])), BitConverter.SingleToInt32Bits(log[i]));
                double expected = Math.Exp(x[i]);
                if (expected > 1e-37)
                {
                    Assert.True(Math.Abs(exp[i] - expected) <= 4e-7 * expected, $"exp({x[i]}) = {exp[i]}, expected {expected}");
                }
                Assert.True(Math.Abs(log[i] - Math.Log(s[i])) <= 4e-7 * Math.Log(s[i]) + 1e-7, $"log({s[i]})");
            }
        }
    }
}
