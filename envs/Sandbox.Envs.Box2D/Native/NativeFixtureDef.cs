using System.Runtime.InteropServices;

namespace Sandbox.Envs.Box2D.Native;

/// <summary>Mirror of <c>sbx_fixture_def</c> (20 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeFixtureDef
{
    public float Density;
    public float Friction;
    public float Restitution;
    public ushort CategoryBits;
    public ushort MaskBits;
    public short GroupIndex;
    public short Reserved;

    public NativeFixtureDef(in FixtureDef def)
    {
        Density = def.Density;
        Friction = def.Friction;
        Restitution = def.Restitution;
        CategoryBits = def.CategoryBits;
        MaskBits = def.MaskBits;
        GroupIndex = def.GroupIndex;
        Reserved = 0;
    }
}
