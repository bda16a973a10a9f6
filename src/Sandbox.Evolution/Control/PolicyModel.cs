using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;
using Sandbox.Tensors.Networks;

namespace Sandbox.Evolution.Control;

/// <summary>The network shape, how θ becomes weights, and how outputs become actions, for one environment.</summary>
public sealed record PolicyModel(EnvironmentSpec Environment, MlpArchitecture Architecture, IParameterization Parameterization)
{
    /// <summary>ArgMax for discrete actions, tanh for boxes.</summary>
    public OutputHead Head => Environment.ActionSpace is DiscreteSpace ? OutputHead.ArgMax : OutputHead.Tanh;

    /// <summary>Throws unless the architecture fits the environment's spaces.</summary>
    public PolicyModel Checked()
    {
        if (Architecture.Inputs != Environment.ObservationSpace.FlatSize || Architecture.Outputs != ActionMapping.OutputWidth(Environment.ActionSpace))
        {
            throw new ArgumentException(
                $"a {Architecture.Describe()} network does not fit {Environment.Id} (observations {Environment.ObservationSpace.Describe()}, actions {Environment.ActionSpace.Describe()})");
        }
        return this;
    }
}
