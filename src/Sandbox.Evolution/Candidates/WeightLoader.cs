using Sandbox.Policies.Parameterizations;
using Sandbox.Tensors.Networks;

namespace Sandbox.Evolution.Candidates;

/// <summary>
/// Turns a candidate descriptor into network weights in one slot of a <see cref="BatchedMlp"/>: regenerates θ
/// from the descriptor and the bases, then lets the parameterization write every layer (dense weights, or the
/// frozen weights under a mask). One reusable buffer; nothing allocated per candidate.
/// </summary>
public sealed class WeightLoader(IParameterization parameterization)
{
    private readonly float[] _theta = new float[parameterization.ParameterCount];

    /// <summary>Loads <paramref name="candidate"/> into <paramref name="slot"/>; returns the network's sparsity.</summary>
    public double Load(CandidateDescriptor candidate, IReadOnlyList<float[]> bases, IStagedNetwork network, int slot)
    {
        candidate.Materialize(bases, _theta);
        for (int l = 0; l < network.Layers; l++)
        {
            parameterization.WriteLayer(_theta, l, network.Weights(l, slot), network.Biases(l, slot));
        }
        return parameterization.Sparsity(_theta);
    }
}
