using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// A supervised training track (edge-popup, Hybrid-ES; RSO and random bases plug in the same way): its presets,
/// its validation, the trainer that runs one configuration, and the comparison its benchmark sweeps.
/// </summary>
public interface ITrack
{
    /// <summary>Command-line name, e.g. "edge-popup".</summary>
    string Name { get; }

    /// <summary>One line for listings.</summary>
    string Description { get; }

    /// <summary>The preset's configuration ("cpu": fits about 10 minutes on 2 cores; "paper": the paper's recipe) for <paramref name="dataset"/>.</summary>
    TrackConfig Defaults(string preset, string dataset);

    /// <summary>One-line problems with <paramref name="config"/> for this track; empty when it can run.</summary>
    IReadOnlyList<string> Validate(TrackConfig config);

    /// <summary>A trainer for a valid <paramref name="config"/> on <paramref name="data"/>, at epoch 0.</summary>
    ITrackTrainer CreateTrainer(TrackConfig config, TrackData data);

    /// <summary>The benchmark's rows for a preset configuration: each row is one or more runs (seeds) averaged.</summary>
    IReadOnlyList<BenchRow> Sweep(TrackConfig preset, string sweep);

    /// <summary>Sweeps <see cref="Sweep"/> accepts; the first is the default.</summary>
    IReadOnlyList<string> Sweeps { get; }
}
