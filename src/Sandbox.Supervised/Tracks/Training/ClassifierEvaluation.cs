using Sandbox.Supervised.Datasets;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>Mean cross-entropy and accuracy of a logits function over a whole set, in chunks, without gradients.</summary>
public static class ClassifierEvaluation
{
    /// <summary>Scores <paramref name="logits"/> (images → [n, classes]) on <paramref name="set"/>.</summary>
    public static (double Loss, double Accuracy) Score(ImageSet set, Func<Tensor, Tensor> logits, int chunk = 1000)
    {
        double lossSum = 0;
        long correct = 0;
        using (no_grad())
        {
            MinibatchLoader.Chunks(set, chunk, (images, labels, n) =>
            {
                using var scope = NewDisposeScope();
                var output = logits(images);
                lossSum += F.cross_entropy(output, labels, reduction: nn.Reduction.Sum).item<float>();
                correct += output.argmax(1).eq(labels).sum().item<long>();
            });
        }
        return (lossSum / set.Count, (double)correct / set.Count);
    }
}
