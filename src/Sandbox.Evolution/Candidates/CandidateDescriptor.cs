using Sandbox.Core.Perturbations;

namespace Sandbox.Evolution.Candidates;

/// <summary>
/// One candidate as a handful of numbers, regenerated wherever it is evaluated:
/// θ = base[<see cref="Parent"/>] + Σ scaleᵢ · εᵢ over the slice [<see cref="SliceStart"/>, +<see cref="SliceLength"/>)
/// (element j of the slice takes element j of each εᵢ), then the <see cref="Sparse"/> changes. With no parent the
/// base is zero. A term with a <see cref="NoiseTerm.Shape"/> shapes its ε by a base vector first (per element, or
/// as a matrix: see <see cref="NoiseShape"/>). The size on the wire does not depend on the parameter count.
/// </summary>
public sealed class CandidateDescriptor : IEquatable<CandidateDescriptor>
{
    /// <summary>Creates a descriptor; <paramref name="sliceLength"/> −1 means "to the end of θ".</summary>
    public CandidateDescriptor(int index, int parent, NoiseTerm[]? terms = null, int sliceStart = 0, int sliceLength = -1, SparseDelta[]? sparse = null)
    {
        Index = index;
        Parent = parent;
        Terms = terms ?? [];
        SliceStart = sliceStart;
        SliceLength = sliceLength;
        Sparse = sparse ?? [];
    }

    /// <summary>The candidate's index in its generation.</summary>
    public int Index { get; }

    /// <summary>Base vector index (an elite, the centre), or −1 for a zero base.</summary>
    public int Parent { get; }

    /// <summary>Noise terms added over the slice.</summary>
    public NoiseTerm[] Terms { get; }

    /// <summary>First parameter the noise terms touch.</summary>
    public int SliceStart { get; }

    /// <summary>Parameters the noise terms touch, or −1 for all from <see cref="SliceStart"/> on.</summary>
    public int SliceLength { get; }

    /// <summary>Single-parameter changes applied last.</summary>
    public SparseDelta[] Sparse { get; }

    /// <summary>An unchanged copy of base <paramref name="parent"/>.</summary>
    public static CandidateDescriptor Clone(int index, int parent) => new(index, parent);

    /// <summary>base[<paramref name="parent"/>] + <paramref name="scale"/> · ε(<paramref name="key"/>) (Gaussian), or scale · ε with parent −1.</summary>
    public static CandidateDescriptor Perturbed(int index, int parent, NoiseKey key, float scale) =>
        new(index, parent, [new NoiseTerm(key, scale)]);

    /// <summary>The single Gaussian term, for the common one-direction form (or default when there is none).</summary>
    public NoiseTerm Direction => Terms.Length > 0 ? Terms[0] : default;

    /// <summary>Checks the descriptor against a parameter count and the number of bases; a one-line problem or null.</summary>
    public string? Check(int parameterCount, int bases)
    {
        if (Parent < -1 || Parent >= bases)
        {
            return $"candidate {Index}: parent {Parent} is not one of the {bases} bases";
        }
        if (SliceStart < 0 || SliceStart > parameterCount || SliceLength < -1 || (SliceLength >= 0 && (long)SliceStart + SliceLength > parameterCount))
        {
            return $"candidate {Index}: slice [{SliceStart}, +{SliceLength}) is outside the {parameterCount} parameters";
        }
        foreach (var t in Terms)
        {
            if (!float.IsFinite(t.Scale) || !Enum.IsDefined(t.Distribution))
            {
                return $"candidate {Index}: invalid noise term";
            }
            if (t.Shape is { } shape && (shape < 0 || shape >= bases))
            {
                return $"candidate {Index}: noise shape {shape} is not one of the {bases} bases";
            }
        }
        foreach (var s in Sparse)
        {
            if ((uint)s.Index >= (uint)parameterCount || !float.IsFinite(s.Delta))
            {
                return $"candidate {Index}: sparse change at {s.Index} is outside the {parameterCount} parameters or not finite";
            }
        }
        return null;
    }

    /// <summary>Checks the descriptor against the parameter count and the bases themselves (shape lengths included).</summary>
    public string? Check(int parameterCount, IReadOnlyList<float[]> bases)
    {
        if (Check(parameterCount, bases.Count) is { } problem)
        {
            return problem;
        }
        if (Parent >= 0 && bases[Parent].Length != parameterCount)
        {
            return $"candidate {Index}: base {Parent} has {bases[Parent].Length} values, not {parameterCount}";
        }
        int length = SliceLength < 0 ? parameterCount - SliceStart : SliceLength;
        foreach (var t in Terms)
        {
            if (t.Shape is { } shape && !NoiseShape.Fits(bases[shape].Length, length))
            {
                return $"candidate {Index}: noise shape {shape} has {bases[shape].Length} values, which fits neither {length} nor {length}² parameters";
            }
        }
        return null;
    }

    /// <summary>Writes θ into <paramref name="theta"/> (its length is the parameter count).</summary>
    public void Materialize(IReadOnlyList<float[]> bases, Span<float> theta)
    {
        int length = SliceLength < 0 ? theta.Length - SliceStart : SliceLength;
        var slice = theta.Slice(SliceStart, length);
        int first = 0;
        if (Parent >= 0)
        {
            bases[Parent].CopyTo(theta);
        }
        else
        {
            theta.Clear();
            if (Terms.Length > 0)
            {
                // Written directly rather than added to zero: 0 + (−0) would turn a negative zero positive.
                var t = Terms[0];
                if (t.Shape is { } shape)
                {
                    NoiseShape.Apply(slice, t, bases[shape], overwrite: true);
                }
                else
                {
                    PerturbationGenerator.Fill(slice, t.Key, 0, t.Distribution, t.Scale);
                }
                first = 1;
            }
        }
        for (int i = first; i < Terms.Length; i++)
        {
            var t = Terms[i];
            if (t.Scale == 0)
            {
                continue;
            }
            if (t.Shape is { } shape)
            {
                NoiseShape.Apply(slice, t, bases[shape], overwrite: false);
            }
            else
            {
                PerturbationGenerator.Accumulate(slice, t.Key, 0, t.Distribution, t.Scale);
            }
        }
        foreach (var s in Sparse)
        {
            theta[s.Index] += s.Delta;
        }
    }

    /// <inheritdoc />
    public bool Equals(CandidateDescriptor? other) =>
        other is not null && Index == other.Index && Parent == other.Parent && SliceStart == other.SliceStart && SliceLength == other.SliceLength
        && Terms.AsSpan().SequenceEqual(other.Terms) && Sparse.AsSpan().SequenceEqual(other.Sparse);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CandidateDescriptor);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Index, Parent, SliceStart, SliceLength, Terms.Length, Sparse.Length);

    /// <inheritdoc />
    public override string ToString() =>
        $"candidate {Index}: parent {Parent}, {Terms.Length} noise term(s) over [{SliceStart}, +{SliceLength}), {Sparse.Length} sparse change(s)";
}
