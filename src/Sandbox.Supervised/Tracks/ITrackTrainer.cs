using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Trains one configuration epoch by epoch. Its whole state (weights, optimizer buffers, counters) is exported
/// and imported as named arrays, so a run resumes from a checkpoint bit for bit.
/// </summary>
public interface ITrackTrainer : IDisposable
{
    /// <summary>The network, e.g. "fc 784-300-100-10, no biases, signed-constant weights, k = 50 % kept".</summary>
    string Describe { get; }

    /// <summary>Trainable values (scores or weights).</summary>
    long TrainableCount { get; }

    /// <summary>Minibatches in every epoch.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>
    /// Trains epoch <paramref name="epoch"/> (0-based); reports each finished minibatch to <paramref name="batchDone"/>.
    /// Stops early, returning <see cref="EpochStats.Completed"/> false, when <paramref name="cancel"/> is set.
    /// </summary>
    EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel);

    /// <summary>Mean cross-entropy and accuracy on <paramref name="set"/> (no training).</summary>
    (double Loss, double Accuracy) Evaluate(ImageSet set);

    /// <summary>Everything needed to continue: arrays and scalars by name.</summary>
    TrainerState ExportState();

    /// <summary>Restores what <see cref="ExportState"/> produced for the same configuration.</summary>
    void ImportState(TrainerState state);

    /// <summary>The trained classifier as a model file holds it, or null when the file format cannot express the network yet.</summary>
    ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance);

    /// <summary>The trained classifier as a convolutional model file holds it (tracks with conv networks), else null.</summary>
    ConvClassifierModel? ToConvModel(string dataset, ArtifactProvenance provenance) => null;
}
