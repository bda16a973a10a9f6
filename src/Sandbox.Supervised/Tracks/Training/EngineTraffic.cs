using Sandbox.Evolution.Evaluation;

namespace Sandbox.Supervised.Tracks.Training;

/// <summary>
/// Sums an evaluator's per-step reports over an epoch of a track that runs its steps on the engine's workers: bytes
/// of the steps' frames each way, apart from them the states shipped to starting or replaced workers (hello), and
/// replacements. All zero in process.
/// </summary>
public sealed class EngineTraffic
{
    /// <summary>Bytes sent to workers by the steps (states shipped to starting workers excluded).</summary>
    public long Sent { get; private set; }

    /// <summary>Bytes received from workers.</summary>
    public long Received { get; private set; }

    /// <summary>Bytes of state shipped to starting or replaced workers.</summary>
    public long State { get; private set; }

    /// <summary>Workers replaced.</summary>
    public long Restarts { get; private set; }

    /// <summary>Adds one step's report (nothing when there is none).</summary>
    public void Add(EvaluatorReport? report)
    {
        if (report is null)
        {
            return;
        }
        Sent += report.BytesSent - report.StateBytes;
        Received += report.BytesReceived;
        State += report.StateBytes;
        Restarts += report.Restarts;
    }
}
