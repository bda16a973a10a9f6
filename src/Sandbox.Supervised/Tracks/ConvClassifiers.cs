using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Rso;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Rebuilds the network of a convolutional model file with the code of the track that trained it, and scores it.
/// Kinds: "rso" (the RSO networks, <see cref="RsoNetwork"/>).
/// </summary>
public static class ConvClassifiers
{
    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="set"/>.</summary>
    /// <exception cref="ClassifierFileException">The model's family or architecture is unknown or its tensors do not fit it.</exception>
    public static (double Loss, double Accuracy) Score(ConvClassifierModel model, ImageSet set)
    {
        using var network = Build(model);
        using var _ = no_grad();
        return ClassifierEvaluation.Score(set, network.EvalLogits);
    }

    /// <summary>Test-time logits of <paramref name="model"/> for <paramref name="images"/> [n, c, h, w].</summary>
    public static Tensor Logits(ConvClassifierModel model, Tensor images)
    {
        using var network = Build(model);
        using var _ = no_grad();
        return network.EvalLogits(images);
    }

    private static RsoNetwork Build(ConvClassifierModel model)
    {
        if (model.Kind != "rso")
        {
            throw new ClassifierFileException($"convolutional model of unknown family '{model.Kind}'");
        }
        var architecture = RsoArchitecture.Create(model.Architecture, model.Shape[0], model.Shape[1], model.Shape[2], model.Shape[3])
            ?? throw new ClassifierFileException($"rso model of unknown architecture '{model.Architecture}'");
        try
        {
            return RsoNetwork.FromTensors(architecture, model.Tensors);
        }
        catch (ArgumentException e)
        {
            throw new ClassifierFileException($"rso model does not fit architecture '{model.Architecture}': {e.Message}", e);
        }
    }
}
