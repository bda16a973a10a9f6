using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tracks;

/// <summary>A track whose inner loop has a throughput benchmark (<c>bench &lt;track&gt; --throughput</c>): ours against a naive form, same run.</summary>
public interface IThroughputTrack
{
    /// <summary>
    /// Measures the inner loop for <paramref name="preset"/> on <paramref name="dataset"/> at each of
    /// <paramref name="batchSizes"/>, spending about <paramref name="seconds"/> per measurement; reports progress lines.
    /// </summary>
    IReadOnlyList<ThroughputRow> MeasureThroughput(TrackConfig preset, Dataset dataset, IReadOnlyList<int> batchSizes, double seconds, Action<string>? progress);
}

/// <summary>One throughput figure.</summary>
/// <param name="Method">What was measured, e.g. "naive full forward".</param>
/// <param name="BatchSize">Examples per evaluation.</param>
/// <param name="Unit">What is counted, e.g. "candidate evaluations/s".</param>
/// <param name="PerSecond">The rate.</param>
/// <param name="Detail">Per-part rates or notes.</param>
/// <param name="Reference">A reference figure measured elsewhere (e.g. PyTorch), or "".</param>
public sealed record ThroughputRow(string Method, int BatchSize, string Unit, double PerSecond, string Detail, string Reference);
