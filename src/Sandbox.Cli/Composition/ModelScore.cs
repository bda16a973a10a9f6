using Sandbox.Cli.Commands;
using Sandbox.Evolution.Candidates;
using Sandbox.Supervised.Classification;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cli.Composition;

/// <summary>A classifier's loss and accuracy on a dataset's test set (what <c>eval</c> prints and <c>evolve</c> reports at the end).</summary>
public sealed record ModelScore(string Dataset, int Examples, double Loss, double Accuracy)
{
    /// <summary>Scores <paramref name="model"/> on the test set of <paramref name="datasetName"/> (default: its own dataset).</summary>
    /// <exception cref="UsageException">The dataset's images or classes do not fit the model.</exception>
    public static ModelScore OnTestSet(ClassifierModel model, string? datasetName, DatasetOptions options, string? shownAs = null)
    {
        var dataset = DatasetCatalog.Default.Load(datasetName ?? model.Dataset, options);
        var test = dataset.Test;
        if (test.SampleSize != model.Architecture.Inputs || test.ClassCount != model.Architecture.Outputs)
        {
            throw new UsageException($"cannot evaluate {shownAs ?? "the model"} on {dataset.Name}: the model takes {model.Architecture.Inputs} inputs and gives {model.Architecture.Outputs} classes, " +
                $"{dataset.Name} has {test.SampleSize} and {test.ClassCount}");
        }
        var (parameterization, theta) = model.ToSearchVector();
        using var scorer = new SetScorer(model.Architecture, parameterization, ComputeDevice.Cpu);
        var (loss, accuracy, _) = scorer.Score(CandidateDescriptor.Clone(0, 0), [theta], test, test.Count);
        return new ModelScore(dataset.Name, test.Count, loss, accuracy);
    }

    /// <summary>Scores a convolutional <paramref name="model"/> on the test set of <paramref name="datasetName"/> (default: its own dataset).</summary>
    /// <exception cref="UsageException">The dataset's images or classes do not fit the model.</exception>
    public static ModelScore OnTestSet(ConvClassifierModel model, string? datasetName, DatasetOptions options, string? shownAs = null)
    {
        var dataset = DatasetCatalog.Default.Load(datasetName ?? model.Dataset, options);
        var test = dataset.Test;
        if (test.Channels != model.Shape[0] || test.Height != model.Shape[1] || test.Width != model.Shape[2] || test.ClassCount != model.Shape[3])
        {
            throw new UsageException($"cannot evaluate {shownAs ?? "the model"} on {dataset.Name}: the model takes {model.Shape[0]}×{model.Shape[1]}×{model.Shape[2]} images and gives {model.Shape[3]} classes, " +
                $"{dataset.Name} has {test.Channels}×{test.Height}×{test.Width} and {test.ClassCount}");
        }
        var (loss, accuracy) = Sandbox.Supervised.Tracks.ConvClassifiers.Score(model, test);
        return new ModelScore(dataset.Name, test.Count, loss, accuracy);
    }
}
