namespace Sandbox.Supervised.Datasets;

/// <summary>A dataset's training and test sets, both normalised the same way.</summary>
/// <param name="Name">Catalog name, e.g. "mnist".</param>
/// <param name="Train">The training set, in file order.</param>
/// <param name="Test">The test set, in file order; never used for training or model selection.</param>
public sealed record Dataset(string Name, ImageSet Train, ImageSet Test)
{
    /// <summary>
    /// Splits the training set into (train, dev) for recipes that select on held-out data: dev is the LAST
    /// <paramref name="devCount"/> training examples in file order and train the rest, so MNIST's 60 000 become
    /// the customary 50 000 / 10 000. The split is fixed by the files, not by a seed; both halves share memory
    /// with <see cref="Train"/>.
    /// </summary>
    public (ImageSet Train, ImageSet Dev) HoldOut(int devCount)
    {
        if (devCount <= 0 || devCount >= Train.Count)
        {
            throw new DatasetException($"{Name}: a dev split of {devCount} examples is impossible: it must be between 1 and {Train.Count - 1}");
        }
        int trainCount = Train.Count - devCount;
        return (Train.Slice(0, trainCount, $"{Name}/train[0:{trainCount}]"),
                Train.Slice(trainCount, devCount, $"{Name}/train[{trainCount}:{Train.Count}]"));
    }
}
