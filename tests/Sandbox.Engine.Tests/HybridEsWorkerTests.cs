using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.HybridEs;

namespace Sandbox.Engine.Tests;

/// <summary>Hybrid-ES trials on worker processes (Algorithm 2): θ is the same for any worker count and after a killed worker, and only trial numbers and costs travel.</summary>
public sealed class HybridEsWorkerTests
{
    private static readonly TrackConfig Config = new HybridEsTrack().Defaults("cpu", "mnist") with
    {
        BatchSize = 200,
        TrainLimit = 2000, // 10 iterations: 5 full steps (replayed by every replica on 2 threads), 5 stochastic
        TestLimit = 200,
        Trials = 4,
        Epochs = 1,
        Seed = 7,
    };

    private static readonly Lazy<TrackData> Data = new(() => TrackData.From(DatasetCatalog.Default.Load("mnist", new DatasetOptions()), Config));

    private static (float[] Theta, EpochStats Stats) Train(int workers, string? fault = null) =>
        TrackWorkerFixture.TrainOneEpoch(new HybridEsTrack { Workers = TrackWorkerFixture.Evaluators(workers, fault) }, Config, Data.Value);

    private static readonly Lazy<float[]> InProcess = new(() => Train(0).Theta);

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(2, "kill:3")]
    public void Theta_is_byte_identical_for_any_worker_count_and_after_a_killed_worker(int workers, string? fault)
    {
        var (theta, stats) = Train(workers, fault);
        Assert.Equal(InProcess.Value, theta);
        Assert.Equal(5, stats.Extra["full_steps"]);
        Assert.Equal(5, stats.Extra["stochastic_steps"]);
        if (fault is not null)
        {
            Assert.True(stats.Extra["worker_restarts"] >= 1, "the injected kill did not replace a worker");
        }
        // Starting workers receive θ and g once (hello); after that the iterations move trial numbers and costs only:
        // far less per iteration than one parameter vector (4 bytes × P).
        long parameters = theta.Length;
        Assert.True(stats.Extra["state_bytes"] >= 8.0 * parameters * workers, $"state bytes {stats.Extra["state_bytes"]}");
        Assert.True(stats.Extra["bytes_received"] > 0);
        Assert.InRange(stats.Extra["bytes_sent_per_iteration"] + stats.Extra["bytes_received_per_iteration"], 1, 4.0 * parameters / 100);
    }

    [Fact]
    public void In_process_the_engine_form_moves_no_bytes()
    {
        var (_, stats) = Train(0);
        Assert.Equal(0, stats.Extra["bytes_sent"] + stats.Extra["bytes_received"] + stats.Extra["state_bytes"]);
        Assert.True(stats.Extra["wire_bytes"] < stats.Extra["bgd_wire_bytes"]); // the paper's model is still reported
    }
}
