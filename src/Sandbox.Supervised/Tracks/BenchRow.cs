namespace Sandbox.Supervised.Tracks;

/// <summary>One row of a track's comparison: a method and setting, its runs (one per seed, averaged) and the paper's number.</summary>
/// <param name="Method">Method label, e.g. "edge-popup k=50%".</param>
/// <param name="Setting">Budget and setting, e.g. "10 epochs".</param>
/// <param name="Runs">The configurations to train (same but for the seed).</param>
/// <param name="Reference">The paper's (or a reference implementation's) number with its setting, or "" when none.</param>
public sealed record BenchRow(string Method, string Setting, IReadOnlyList<TrackConfig> Runs, string Reference);
