using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Policies.Parameterizations;
using Sandbox.Tensors.Networks;

namespace Sandbox.Supervised.Classification;

/// <summary>
/// Loads candidates of the form base + s·ε(key) — one plain noise term over all of θ, dense weights — so that their
/// first layer is computed by linearity: W·x + b for every distinct base and E·x + e for every distinct key, once,
/// then base + s·noise per candidate. Mirrored pairs share a key, so the first layer (nearly all of a small
/// classifier's work) costs half the products. Whether a candidate goes this way depends only on its descriptor,
/// and every product keeps one shape, so a candidate's result never depends on which others share its batch.
/// </summary>
public sealed class SharedFirstLayer(DenseParameterization parameterization)
{
    private readonly float[] _theta = new float[parameterization.ParameterCount];
    private readonly Dictionary<int, int> _baseSlots = [];
    private readonly Dictionary<(NoiseKey, NoiseDistribution), int> _noiseSlots = [];
    private readonly int _firstLayerLength = parameterization.LayerLength(0);

    /// <summary>Slots a shard needs for <paramref name="candidates"/> candidates: bases and keys, then the candidates.</summary>
    public static int Capacity(int candidates) => 3 * candidates;

    /// <summary>Whether <paramref name="candidate"/> can take the shared first layer under <paramref name="parameterization"/>.</summary>
    public static bool Applies(CandidateDescriptor candidate, IParameterization parameterization) =>
        parameterization is DenseParameterization dense
        && dense.Architecture.Sizes.Length > 2
        && candidate.Parent >= 0
        && candidate.Sparse.Length == 0
        && candidate.SliceStart == 0
        && (candidate.SliceLength < 0 || candidate.SliceLength == dense.ParameterCount)
        && (candidate.Terms.Length == 0 || (candidate.Terms.Length == 1 && candidate.Terms[0].Shape is null && candidate.Terms[0].Scale != 0));

    /// <summary>
    /// Stages the shared slots (first layer of each distinct base and key) and the candidates' later layers into
    /// <paramref name="network"/>; fills the per-candidate plan and returns the number of shared slots.
    /// </summary>
    public int Load(IReadOnlyList<CandidateDescriptor> candidates, IReadOnlyList<float[]> bases, SharedInputMlp network,
        Span<int> baseSlot, Span<int> noiseSlot, Span<float> scale)
    {
        _baseSlots.Clear();
        _noiseSlots.Clear();
        int shared = 0;
        var firstLayer = _theta.AsSpan(0, _firstLayerLength);
        for (int j = 0; j < candidates.Count; j++)
        {
            var c = candidates[j];
            if (!_baseSlots.TryGetValue(c.Parent, out int b))
            {
                b = _baseSlots[c.Parent] = shared++;
                bases[c.Parent].AsSpan(0, _firstLayerLength).CopyTo(firstLayer);
                parameterization.WriteLayer(_theta, 0, network.Weights(0, b), network.Biases(0, b));
            }
            baseSlot[j] = b;
            noiseSlot[j] = -1;
            scale[j] = 0;
            if (c.Terms.Length == 1)
            {
                var t = c.Terms[0];
                if (!_noiseSlots.TryGetValue((t.Key, t.Distribution), out int n))
                {
                    n = _noiseSlots[(t.Key, t.Distribution)] = shared++;
                    PerturbationGenerator.Fill(firstLayer, t.Key, 0, t.Distribution);
                    parameterization.WriteLayer(_theta, 0, network.Weights(0, n), network.Biases(0, n));
                }
                noiseSlot[j] = n;
                scale[j] = t.Scale;
            }
        }
        var rest = _theta.AsSpan(_firstLayerLength);
        for (int j = 0; j < candidates.Count; j++)
        {
            var c = candidates[j];
            bases[c.Parent].AsSpan(_firstLayerLength).CopyTo(rest);
            if (c.Terms.Length == 1)
            {
                var t = c.Terms[0];
                // The same regeneration Materialize performs, over the later layers only.
                PerturbationGenerator.Accumulate(rest, t.Key, _firstLayerLength, t.Distribution, t.Scale);
            }
            for (int l = 1; l < network.Layers; l++)
            {
                parameterization.WriteLayer(_theta, l, network.Weights(l, shared + j), network.Biases(l, shared + j));
            }
        }
        return shared;
    }
}
