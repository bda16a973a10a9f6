using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Classification;

/// <summary>A classifier an algorithm searches: an MLP from pixels to classes and how θ becomes its weights.</summary>
public sealed record ClassifierNetwork(MlpArchitecture Architecture, IParameterization Parameterization, WeightInit Init, ulong WeightSeed)
{
    /// <summary>The network a (valid) config describes for images of <paramref name="shape"/>: supermask or dense per the algorithm.</summary>
    public static ClassifierNetwork Create(RunConfig config, DatasetShape shape)
    {
        bool supermask = AlgorithmRegistry.For(config).Family == PolicyFamily.Supermask;
        var architecture = ShapeFor(config, shape, supermask);
        ulong weightSeed = config.Policy.WeightSeed ?? config.Seed;
        IParameterization parameterization = supermask
            ? new SupermaskParameterization(architecture, config.ParsedInit, weightSeed, config.Supermask.Rule)
            : new DenseParameterization(architecture);
        return new ClassifierNetwork(architecture, parameterization, config.ParsedInit, weightSeed);
    }

    /// <summary>The shape alone (cheap: nothing generated).</summary>
    public static MlpArchitecture ShapeFor(RunConfig config, DatasetShape shape, bool supermask) =>
        new(shape.Channels * shape.Height * shape.Width, config.Policy.Hidden, shape.ClassCount, bias: !supermask && config.Policy.Bias, config.ParsedActivation);

    /// <summary>Whether θ is supermask scores.</summary>
    public bool IsSupermask => Parameterization is SupermaskParameterization;
}
