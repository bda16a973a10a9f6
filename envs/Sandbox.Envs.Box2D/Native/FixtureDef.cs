namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// The fixture fields Sandbox sets. <c>new FixtureDef()</c> gives Box2D's defaults (density 0,
/// friction 0.2, restitution 0, category 0x0001, mask 0xFFFF, group 0); note that
/// <c>default(FixtureDef)</c> does not (its friction and mask are 0).
/// </summary>
public readonly record struct FixtureDef
{
    /// <summary>Creates a definition with Box2D's defaults.</summary>
    public FixtureDef()
    {
    }

    /// <summary>Mass per unit area (kg/m²); must be ≥ 0.</summary>
    public float Density { get; init; }

    /// <summary>Coulomb friction coefficient; must be ≥ 0.</summary>
    public float Friction { get; init; } = 0.2f;

    /// <summary>Bounciness; must be ≥ 0.</summary>
    public float Restitution { get; init; }

    /// <summary>Collision category bits.</summary>
    public ushort CategoryBits { get; init; } = 0x0001;

    /// <summary>Categories this fixture collides with.</summary>
    public ushort MaskBits { get; init; } = 0xFFFF;

    /// <summary>Collision group (same positive group always collides, same negative never).</summary>
    public short GroupIndex { get; init; }
}
