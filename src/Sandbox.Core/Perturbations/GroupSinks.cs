using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Where a generated group goes: element <c>k</c> of a group starting at <c>offset</c> is lane <c>k mod 8</c> of
/// output <c>k / 8</c>. Fused consumers (add-into, dot-with) take the values from registers, so a vector used once
/// is never written to memory.
/// </summary>
internal interface IGroupSink
{
    void Group(nint offset, Vector256<float> o0, Vector256<float> o1, Vector256<float> o2, Vector256<float> o3);

    void Element(nint offset, float value);
}

/// <summary>Writes the values.</summary>
internal unsafe struct StoreSink(float* destination) : IGroupSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Group(nint offset, Vector256<float> o0, Vector256<float> o1, Vector256<float> o2, Vector256<float> o3)
    {
        float* p = destination + offset;
        o0.Store(p);
        o1.Store(p + 8);
        o2.Store(p + 16);
        o3.Store(p + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Element(nint offset, float value) => destination[offset] = value;
}

/// <summary>Adds the values to the destination (y += a·ε when the scale is a).</summary>
internal unsafe struct AddSink(float* destination) : IGroupSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Group(nint offset, Vector256<float> o0, Vector256<float> o1, Vector256<float> o2, Vector256<float> o3)
    {
        float* p = destination + offset;
        (Vector256.Load(p) + o0).Store(p);
        (Vector256.Load(p + 8) + o1).Store(p + 8);
        (Vector256.Load(p + 16) + o2).Store(p + 16);
        (Vector256.Load(p + 24) + o3).Store(p + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Element(nint offset, float value) => destination[offset] += value;
}

/// <summary>
/// Writes the values and accumulates Σ ε_i·x_i as <see cref="DotSink"/> does, so a vector that is both kept and
/// dotted is read from registers rather than from memory a second time.
/// </summary>
internal unsafe struct StoreDotSink(float* destination, float* x) : IGroupSink
{
    private DotSink _dot = new(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Group(nint offset, Vector256<float> o0, Vector256<float> o1, Vector256<float> o2, Vector256<float> o3)
    {
        new StoreSink(destination).Group(offset, o0, o1, o2, o3);
        _dot.Group(offset, o0, o1, o2, o3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nint offset, float value)
    {
        destination[offset] = value;
        _dot.Element(offset, value);
    }

    public readonly double Total() => _dot.Total();
}

/// <summary>
/// Accumulates Σ ε_i·x_i: whole groups in eight float lanes, partial groups in a double; <see cref="Total"/> adds
/// the lanes in order in double. The grouping depends only on the element range, never on the code path or threads.
/// </summary>
internal unsafe struct DotSink(float* x) : IGroupSink
{
    private Vector256<float> _lanes;
    private double _partial;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Group(nint offset, Vector256<float> o0, Vector256<float> o1, Vector256<float> o2, Vector256<float> o3)
    {
        float* p = x + offset;
        var acc = _lanes + o0 * Vector256.Load(p);
        acc += o1 * Vector256.Load(p + 8);
        acc += o2 * Vector256.Load(p + 16);
        acc += o3 * Vector256.Load(p + 24);
        _lanes = acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nint offset, float value) => _partial += value * x[offset];

    public readonly double Total()
    {
        double sum = _partial;
        for (int i = 0; i < 8; i++)
        {
            sum += _lanes.GetElement(i);
        }
        return sum;
    }
}
