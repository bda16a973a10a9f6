using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;

namespace Sandbox.Evolution.Tasks;

/// <summary>The search space of an MLP, for any task whose candidates are MLPs (policies, classifiers).</summary>
public static class MlpSearchSpace
{
    /// <summary>Per layer its weights (scores for a supermask), then its biases (dense networks with biases only).</summary>
    public static SearchSpace Of(MlpArchitecture architecture, IParameterization parameterization)
    {
        var segments = new List<ParameterSegment>();
        int offset = 0;
        for (int l = 0; l < architecture.Layers; l++)
        {
            int fanIn = architecture.Sizes[l];
            int weights = fanIn * architecture.Sizes[l + 1];
            segments.Add(new ParameterSegment(offset, weights, l, fanIn, false));
            offset += weights;
            if (architecture.Bias && parameterization is DenseParameterization)
            {
                segments.Add(new ParameterSegment(offset, architecture.Sizes[l + 1], l, fanIn, true));
                offset += architecture.Sizes[l + 1];
            }
        }
        return new SearchSpace(parameterization.ParameterCount, segments);
    }
}
