using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks;

/// <summary>The sets one run uses: train (after the dev hold-out and train_limit), dev (or null) and test.</summary>
public sealed record TrackData(string Dataset, ImageSet Train, ImageSet? Dev, ImageSet Test)
{
    /// <summary>Splits <paramref name="dataset"/> as <paramref name="config"/> asks (dev = last dev_examples of train, file order).</summary>
    public static TrackData From(Dataset dataset, TrackConfig config)
    {
        ImageSet train = dataset.Train;
        ImageSet? dev = null;
        if (config.DevExamples > 0)
        {
            (train, dev) = dataset.HoldOut(config.DevExamples);
        }
        if (config.TrainLimit > 0 && config.TrainLimit < train.Count)
        {
            train = train.Slice(0, config.TrainLimit);
        }
        var test = dataset.Test;
        if (config.TestLimit > 0)
        {
            test = test.Slice(0, Math.Min(config.TestLimit, test.Count));
            dev = dev?.Slice(0, Math.Min(config.TestLimit, dev.Count));
        }
        if (train.Count < config.BatchSize)
        {
            throw new TrackConfigException($"batch_size {config.BatchSize} exceeds the {train.Count} training examples");
        }
        return new TrackData(dataset.Name, train, dev, test);
    }
}
