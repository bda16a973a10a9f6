namespace Sandbox.Envs.Classic;

/// <summary>
/// Gymnasium's CartPole constants and its explicit-Euler step, in Gymnasium's evaluation order so
/// that results agree to the last bit wherever <c>sin</c>/<c>cos</c> agree (see envs.md §3.5, §1.4).
/// </summary>
public static class CartPolePhysics
{
    /// <summary>Gravity (m/s²).</summary>
    public const double Gravity = 9.8;
    /// <summary>Cart mass (kg).</summary>
    public const double MassCart = 1.0;
    /// <summary>Pole mass (kg).</summary>
    public const double MassPole = 0.1;
    /// <summary>masspole + masscart, as Python computes it (1.1000000000000001).</summary>
    public const double TotalMass = MassPole + MassCart;
    /// <summary>Half the pole length (m).</summary>
    public const double Length = 0.5;
    /// <summary>masspole × length.</summary>
    public const double PoleMassLength = MassPole * Length;
    /// <summary>Force applied by either action (N).</summary>
    public const double ForceMag = 10.0;
    /// <summary>Seconds per step.</summary>
    public const double Tau = 0.02;
    /// <summary>Pole angle beyond which the episode terminates: 12° in radians.</summary>
    public const double ThetaThreshold = 12 * 2 * Math.PI / 360;
    /// <summary>Cart position beyond which the episode terminates.</summary>
    public const double XThreshold = 2.4;

    /// <summary>Advances (x, ẋ, θ, θ̇) one step under <paramref name="action"/> (1 pushes right, 0 left).</summary>
    public static void Step(ref double x, ref double xDot, ref double theta, ref double thetaDot, int action)
    {
        double force = action == 1 ? ForceMag : -ForceMag;
        double cos = Math.Cos(theta);
        double sin = Math.Sin(theta);
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sin) / TotalMass;
        double thetaAcc = (Gravity * sin - cos * temp) / (Length * (4.0 / 3.0 - MassPole * (cos * cos) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cos / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
    }

    /// <summary>Gymnasium's termination test (strict inequalities).</summary>
    public static bool IsTerminal(double x, double theta) =>
        x < -XThreshold || x > XThreshold || theta < -ThetaThreshold || theta > ThetaThreshold;
}
