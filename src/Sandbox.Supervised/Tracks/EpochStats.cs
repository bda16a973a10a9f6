namespace Sandbox.Supervised.Tracks;

/// <summary>What one training epoch did, measured on its own minibatches (no extra passes).</summary>
/// <param name="Completed">False when the epoch was cut short by cancellation.</param>
/// <param name="Samples">Training examples processed.</param>
/// <param name="MeanLoss">Mean minibatch cross-entropy.</param>
/// <param name="BatchAccuracy">Accuracy on the minibatches as they were trained on.</param>
/// <param name="LearningRate">Learning rate of the epoch.</param>
/// <param name="Extra">Track-specific counters (e.g. Hybrid-ES full and stochastic steps, bytes on the wire).</param>
public sealed record EpochStats(bool Completed, long Samples, double MeanLoss, double BatchAccuracy, double LearningRate, IReadOnlyDictionary<string, double> Extra);
