using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.RandomBases;

namespace Sandbox.Engine.Tests;

/// <summary>Parallel random-bases descent (Algorithm 1, right) on worker processes: θ is the same for any worker count and after a killed worker.</summary>
public sealed class RandomBasesWorkerTests
{
    private static readonly TrackConfig Config = new RandomBasesTrack().Defaults("cpu", "mnist") with
    {
        Shards = 2,
        Directions = 24,
        Epochs = 1,
        TrainLimit = 320, // 10 steps of 32
        TestLimit = 200,
        Threads = 1,
        Seed = 13,
    };

    private static readonly Lazy<TrackData> Data = new(() => TrackData.From(DatasetCatalog.Default.Load("mnist", new DatasetOptions()), Config));

    private static (float[] Theta, EpochStats Stats) Train(int workers, string? fault = null) =>
        TrackWorkerFixture.TrainOneEpoch(new RandomBasesTrack { Workers = workers == 0 ? null : TrackWorkerFixture.Evaluators(workers, fault) }, Config, Data.Value);

    private static readonly Lazy<float[]> InProcess = new(() => Train(0).Theta);

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(2, "kill:3")]
    public void Theta_is_byte_identical_for_any_worker_count_and_after_a_killed_worker(int workers, string? fault)
    {
        var (theta, stats) = Train(workers, fault);
        Assert.Equal(InProcess.Value, theta);
        Assert.Equal(10, stats.Extra["steps"]);
        if (fault is not null)
        {
            Assert.True(stats.Extra["worker_restarts"] >= 1, "the injected kill did not replace a worker");
        }
        // Only coordinates travel: the measured traffic per step is far below one gradient per worker.
        Assert.InRange(stats.Extra["wire_bytes_per_step"], 1, stats.Extra["gradient_bytes_per_step"] / 50);
    }
}
