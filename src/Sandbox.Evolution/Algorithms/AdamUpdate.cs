namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// One bias-corrected Adam ascent step on a distribution's centre (ε = 1e-8), shared by the ES-family methods so
/// each computes the same bits for the same gradient: g = (float)(gradient · scale) − decay · centre.
/// </summary>
internal static class AdamUpdate
{
    /// <summary>Applies step number <paramref name="step"/> (1-based) to <paramref name="centre"/> and the moments.</summary>
    public static void Ascend(Span<float> centre, Span<float> m, Span<float> v, int step, float learningRate, float beta1, float beta2,
        ReadOnlySpan<double> gradient, double scale = 1, float decay = 0)
    {
        double correction = Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));
        float rate = (float)(learningRate * correction);
        for (int i = 0; i < centre.Length; i++)
        {
            float g = (float)(gradient[i] * scale) - decay * centre[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            centre[i] += rate * m[i] / (MathF.Sqrt(v[i]) + 1e-8f);
        }
    }
}
