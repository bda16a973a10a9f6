namespace Sandbox.Supervised.Tracks.Training;

/// <summary>Cosine learning-rate decay per epoch, as the edge-popup reference sets it: lr_e = ½·lr·(1 + cos(π·e / E)).</summary>
public static class CosineSchedule
{
    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>.</summary>
    public static double At(double baseRate, int epoch, int epochs) => 0.5 * baseRate * (1 + Math.Cos(Math.PI * epoch / epochs));
}
