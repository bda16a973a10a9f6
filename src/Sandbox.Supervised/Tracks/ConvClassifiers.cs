using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.RandomBases;
using Sandbox.Supervised.Tracks.Rso;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Rebuilds the network of a convolutional model file with the code of the track that trained it, and scores it.
/// Kinds: "rso" (<see cref="RsoNetwork"/>), "edge-popup" (the subnetwork's effective weights,
/// <see cref="SubnetClassifier"/>) and "random-bases" (θ of <see cref="RandomBasesCnn"/>).
/// </summary>
public static class ConvClassifiers
{
    /// <summary>The family name of RSO's networks.</summary>
    public const string RsoKind = "rso";

    /// <summary>The family name of edge-popup's (and its dense baseline's) convolutional networks.</summary>
    public const string EdgePopupKind = "edge-popup";

    /// <summary>The family name of the random-bases CNN.</summary>
    public const string RandomBasesKind = "random-bases";

    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="set"/>.</summary>
    /// <exception cref="ClassifierFileException">The model's family or architecture is unknown or its tensors do not fit it.</exception>
    public static (double Loss, double Accuracy) Score(ConvClassifierModel model, ImageSet set)
    {
        using var network = Build(model);
        using var _ = no_grad();
        return ClassifierEvaluation.Score(set, network.Logits);
    }

    /// <summary>Test-time logits of <paramref name="model"/> for <paramref name="images"/> [n, c, h, w].</summary>
    public static Tensor Logits(ConvClassifierModel model, Tensor images)
    {
        using var network = Build(model);
        using var _ = no_grad();
        return network.Logits(images);
    }

    private static Loaded Build(ConvClassifierModel model)
    {
        Sandbox.Tensors.Loading.TorchRuntime.EnsureInitialized();
        var (c, h, w, classes) = (model.Shape[0], model.Shape[1], model.Shape[2], model.Shape[3]);
        try
        {
            switch (model.Kind)
            {
                case RsoKind:
                    var architecture = RsoArchitecture.Create(model.Architecture, c, h, w, classes)
                        ?? throw new ClassifierFileException($"rso model of unknown architecture '{model.Architecture}'");
                    var rso = RsoNetwork.FromTensors(architecture, model.Tensors);
                    return new Loaded(rso.EvalLogits, rso);
                case EdgePopupKind:
                    var subnet = SubnetClassifier.FromEffective(model.Architecture, c, h, w, classes, model.Tensors);
                    return new Loaded(subnet.Forward, subnet);
                case RandomBasesKind:
                    var (cnn, values) = RandomBasesCnn.FromModel(model);
                    var theta = TensorCopy.FromSpan(values, values.Length);
                    return new Loaded(images => cnn.Logits(theta, images), theta);
                default:
                    throw new ClassifierFileException($"convolutional model of unknown family '{model.Kind}'");
            }
        }
        catch (ArgumentException e)
        {
            throw new ClassifierFileException($"{model.Kind} model does not fit architecture '{model.Architecture}': {e.Message}", e);
        }
    }

    /// <summary>A rebuilt network: its logits and what to dispose after.</summary>
    private sealed class Loaded(Func<Tensor, Tensor> logits, IDisposable owner) : IDisposable
    {
        public Func<Tensor, Tensor> Logits { get; } = logits;

        public void Dispose() => owner.Dispose();
    }
}
