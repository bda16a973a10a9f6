namespace Sandbox.Supervised.Tracks;

/// <summary>Receives a run's progress (the CLI draws progress bars from it).</summary>
public interface ITrackRunObserver
{
    /// <summary>Epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/> starts with <paramref name="batches"/> minibatches.</summary>
    void EpochStarted(int epoch, int epochs, int batches);

    /// <summary>Minibatch <paramref name="batch"/> (1-based) of the current epoch is done.</summary>
    void BatchDone(int batch);

    /// <summary>The epoch's metrics line (as written to metrics.jsonl).</summary>
    void EpochFinished(IReadOnlyDictionary<string, double> metrics);
}
