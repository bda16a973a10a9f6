namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// Gymnasium's LunarLander constructor arguments (envs.md §4.1). Values are checked when set, so
/// an invalid record cannot exist; each refusal is an <see cref="ArgumentException"/> with a
/// one-line message.
/// </summary>
public sealed record LunarLanderOptions
{
    private readonly double _gravity = -10.0;
    private readonly double _windPower = 15.0;
    private readonly double _turbulencePower = 1.5;

    /// <summary>Gymnasium's defaults: discrete actions, gravity −10, no wind.</summary>
    public LunarLanderOptions()
    {
    }

    /// <summary>Continuous actions (Box(−1, 1, (2,))) instead of Discrete(4).</summary>
    public bool Continuous { get; init; }

    /// <summary>Vertical gravity; Gymnasium asserts −12 &lt; gravity &lt; 0.</summary>
    public double Gravity
    {
        get => _gravity;
        init => _gravity = value > -12.0 && value < 0.0
            ? value
            : throw new ArgumentException($"gravity must satisfy -12 < gravity < 0 (got {value})", nameof(Gravity));
    }

    /// <summary>Apply wind force and turbulence torque while neither leg touches the ground.</summary>
    public bool EnableWind { get; init; }

    /// <summary>
    /// Peak wind force. Gymnasium only warns outside [0, 20] and uses the value as given, so
    /// only non-finite values are refused here.
    /// </summary>
    public double WindPower
    {
        get => _windPower;
        init => _windPower = double.IsFinite(value)
            ? value
            : throw new ArgumentException($"wind power must be finite (got {value})", nameof(WindPower));
    }

    /// <summary>Peak turbulence torque. Gymnasium only warns outside [0, 2]; only non-finite values are refused.</summary>
    public double TurbulencePower
    {
        get => _turbulencePower;
        init => _turbulencePower = double.IsFinite(value)
            ? value
            : throw new ArgumentException($"turbulence power must be finite (got {value})", nameof(TurbulencePower));
    }
}
