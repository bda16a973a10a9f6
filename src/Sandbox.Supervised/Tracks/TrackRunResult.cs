namespace Sandbox.Supervised.Tracks;

/// <summary>What a finished (or interrupted) training run produced.</summary>
public sealed record TrackRunResult
{
    /// <summary>The run directory.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The resolved config.</summary>
    public required TrackConfig Config { get; init; }

    /// <summary>The network and method, e.g. "fc 784-300-100-10, no biases, ...".</summary>
    public required string Network { get; init; }

    /// <summary>Whether Ctrl+C stopped it before the last epoch.</summary>
    public required bool Interrupted { get; init; }

    /// <summary>Epochs completed.</summary>
    public required int Epochs { get; init; }

    /// <summary>Accuracy on the whole training set (after the dev hold-out) at the end.</summary>
    public required double TrainAccuracy { get; init; }

    /// <summary>Dev accuracy at the end, when the recipe holds out a dev split.</summary>
    public required double? DevAccuracy { get; init; }

    /// <summary>Test accuracy at the end.</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Seconds spent training (evaluation excluded).</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Training examples processed.</summary>
    public required long Samples { get; init; }

    /// <summary>The model file, or null when the network cannot be stored yet.</summary>
    public required string? ModelPath { get; init; }

    /// <summary>Every epoch's metrics line.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> History { get; init; }

    /// <summary>Training examples per second of training time.</summary>
    public double SamplesPerSecond => TrainSeconds > 0 ? Samples / TrainSeconds : 0;

    /// <summary>The sum of <paramref name="metric"/> over all epochs (e.g. "wire_bytes"), or null when no epoch has it.</summary>
    public double? Total(string metric) =>
        History.Any(h => h.ContainsKey(metric)) ? History.Sum(h => h.TryGetValue(metric, out double v) ? v : 0) : null;
}
