using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Engine.Protocol;

/// <summary>Conversions between evaluation records and their wire shapes; wire shapes from a peer are checked, never trusted.</summary>
public static class WireMapping
{
    /// <summary>Most noise terms or sparse changes one descriptor may carry on the wire.</summary>
    public const int MaxTerms = 1 << 16;

    /// <summary>Descriptor → wire.</summary>
    public static CandidateWire ToWire(CandidateDescriptor d)
    {
        int n = d.Terms.Length;
        var wire = new CandidateWire
        {
            Index = d.Index,
            Parent = d.Parent,
            Streams = new uint[n],
            NoiseGenerations = new uint[n],
            Members = new uint[n],
            Scales = new float[n],
            Distributions = new byte[n],
            SliceStart = d.SliceStart,
            SliceLength = d.SliceLength,
            SparseIndices = new int[d.Sparse.Length],
            SparseDeltas = new float[d.Sparse.Length],
            Shapes = Array.Exists(d.Terms, t => t.Shape is not null) ? Array.ConvertAll(d.Terms, t => t.Shape ?? -1) : [],
        };
        for (int i = 0; i < n; i++)
        {
            var t = d.Terms[i];
            wire.Streams[i] = t.Key.Stream;
            wire.NoiseGenerations[i] = t.Key.Generation;
            wire.Members[i] = t.Key.Member;
            wire.Scales[i] = t.Scale;
            wire.Distributions[i] = (byte)t.Distribution;
        }
        for (int i = 0; i < d.Sparse.Length; i++)
        {
            wire.SparseIndices[i] = d.Sparse[i].Index;
            wire.SparseDeltas[i] = d.Sparse[i].Delta;
        }
        return wire;
    }

    /// <summary>Wire → descriptor (the run seed completes the noise keys).</summary>
    /// <exception cref="ProtocolException">Arrays of different lengths, too many terms or an unknown distribution.</exception>
    public static CandidateDescriptor FromWire(CandidateWire w, ulong runSeed)
    {
        // Arrays from a peer can be null or of any length: check them all before indexing.
        if (w.Streams is not { Length: <= MaxTerms } streams || w.NoiseGenerations is not { } generations || w.Members is not { } members
            || w.Scales is not { } scales || w.Distributions is not { } distributions || w.SparseIndices is not { Length: <= MaxTerms } indices
            || w.SparseDeltas is not { } deltas || generations.Length != streams.Length || members.Length != streams.Length
            || scales.Length != streams.Length || distributions.Length != streams.Length || deltas.Length != indices.Length
            || w.Shapes is not { } shapes || (shapes.Length != 0 && shapes.Length != streams.Length))
        {
            throw new ProtocolException($"candidate {w.Index}: malformed descriptor");
        }
        int n = streams.Length;
        var terms = new NoiseTerm[n];
        for (int i = 0; i < n; i++)
        {
            var distribution = (NoiseDistribution)distributions[i];
            if (!Enum.IsDefined(distribution))
            {
                throw new ProtocolException($"candidate {w.Index}: unknown noise distribution {distributions[i]}");
            }
            int? shape = shapes.Length == 0 || shapes[i] == -1 ? null
                : shapes[i] >= 0 ? shapes[i] : throw new ProtocolException($"candidate {w.Index}: invalid noise shape {shapes[i]}");
            terms[i] = new NoiseTerm(new NoiseKey(runSeed, streams[i], generations[i], members[i]), scales[i], distribution, shape);
        }
        var sparse = new SparseDelta[indices.Length];
        for (int i = 0; i < sparse.Length; i++)
        {
            sparse[i] = new SparseDelta(indices[i], deltas[i]);
        }
        return new CandidateDescriptor(w.Index, w.Parent, terms, w.SliceStart, w.SliceLength, sparse);
    }

    /// <summary>Context → generation message.</summary>
    public static GenerationMessage ToWire(int generation, EvaluationContext context) =>
        new() { Generation = generation, Seeds = context.Seeds, Split = (int)context.Split };

    /// <summary>Generation message → context.</summary>
    /// <exception cref="ProtocolException">Unknown split or missing seeds.</exception>
    public static EvaluationContext FromWire(GenerationMessage m) =>
        m.Seeds is null || !Enum.IsDefined((EvaluationSplit)m.Split)
            ? throw new ProtocolException($"generation {m.Generation}: malformed context")
            : new EvaluationContext(m.Seeds, (EvaluationSplit)m.Split);

    /// <summary>Result → wire.</summary>
    public static ResultWire ToWire(CandidateResult r) => new() { Index = r.Index, Fitness = r.Fitness, Metrics = r.Metrics, Statistics = r.Statistics };

    /// <summary>Wire → result, checked against the task's metric count.</summary>
    /// <exception cref="ProtocolException">Missing or extra metric values.</exception>
    public static CandidateResult FromWire(ResultWire w, int metricCount) =>
        w.Metrics is null || w.Metrics.Length != metricCount
            ? throw new ProtocolException($"candidate {w.Index}: {w.Metrics?.Length ?? 0} metric values, the task has {metricCount}")
            : new CandidateResult { Index = w.Index, Fitness = w.Fitness, Metrics = w.Metrics, Statistics = w.Statistics };

    /// <summary>The scalars a replica's update needs.</summary>
    public static TellWire ToTell(CandidateResult r) => new() { Index = r.Index, Fitness = r.Fitness, Statistics = r.Statistics };

    /// <summary>A result rebuilt from its update scalars (metrics are not needed by updates).</summary>
    public static CandidateResult FromTell(TellWire w) => new() { Index = w.Index, Fitness = w.Fitness, Metrics = [], Statistics = w.Statistics };
}
