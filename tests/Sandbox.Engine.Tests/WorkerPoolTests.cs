namespace Sandbox.Engine.Tests;

/// <summary>The engine with real worker processes: determinism across worker counts and faults.</summary>
public sealed class WorkerPoolTests
{
    private static readonly Lazy<(byte[] Policy, string[] Metrics)> Reference = new(() =>
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers: 1);
        return (run.Policy, run.Metrics.Select(EngineFixture.ResultFields).ToArray());
    });

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Policy_and_fitness_sequence_are_byte_identical_for_any_worker_count(int workers)
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers);
        Assert.Equal(Reference.Value.Metrics, run.Metrics.Select(EngineFixture.ResultFields));
        Assert.Equal(Reference.Value.Policy, run.Policy);
        if (workers > 0)
        {
            Assert.Equal(workers, (int)EngineFixture.Field(run.Metrics[^1], "workers"));
        }
    }

    [Fact]
    public void A_worker_killed_mid_generation_is_replaced_and_the_run_is_unchanged()
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers: 2, fault: "kill:3");
        Assert.Equal(Reference.Value.Policy, run.Policy);
        Assert.Equal(Reference.Value.Metrics, run.Metrics.Select(EngineFixture.ResultFields));
        Assert.True(run.Metrics.Sum(l => EngineFixture.Field(l, "worker_restarts")) >= 1, run.Log);
        Assert.Contains("exited", run.Log);
    }

    [Fact]
    public void A_hung_worker_is_timed_out_and_replaced()
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers: 2, fault: "hang:2", timeoutSeconds: 4);
        Assert.Equal(Reference.Value.Policy, run.Policy);
        Assert.Contains("did not answer within 4 s", run.Log);
    }

    [Fact]
    public void Garbage_frames_are_rejected_with_a_clear_error_and_the_engine_keeps_running()
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers: 2, fault: "garbage:1");
        Assert.Equal(Reference.Value.Policy, run.Policy);
        Assert.Contains("sent an invalid frame", run.Log);
        Assert.Contains("invalid frame length", run.Log);
    }

    [Fact]
    public void A_worker_with_another_protocol_version_is_refused_and_replaced()
    {
        var run = EngineFixture.Run(EngineFixture.SmallConfig(), workers: 1, fault: "version");
        Assert.Equal(Reference.Value.Policy, run.Policy);
        Assert.Contains($"speaks protocol version {Protocol.ProtocolInfo.Version + 1}, the engine {Protocol.ProtocolInfo.Version}", run.Log);
    }
}
