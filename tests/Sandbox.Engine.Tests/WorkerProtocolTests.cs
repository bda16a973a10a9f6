using System.Diagnostics;
using Sandbox.Tests.Shared;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Engine.Tests;

/// <summary>A worker process spoken to directly over its pipes.</summary>
public sealed class WorkerProtocolTests
{
    private static Process StartWorker(string token) =>
        CliProcess.Start(Path.GetTempPath(), "worker", "--token", token);

    private static HelloMessage Hello(int version, string token) => new()
    {
        ProtocolVersion = version,
        RunToken = token,
        ConfigJson = RunConfigFile.ToJson(EngineFixture.SmallConfig(), indented: false),
        AlgorithmState = Evolution.Algorithms.AlgorithmRegistry.Create(EngineFixture.SmallConfig(),
            EngineFixture.Tasks.Create(EngineFixture.SmallConfig()).Space).ExportState(),
    };

    [Theory]
    [InlineData(ProtocolInfo.Version + 1, "right", "protocol version")]
    [InlineData(ProtocolInfo.Version, "wrong", "run token")]
    public async Task A_worker_refuses_another_version_or_run(int version, string token, string reason)
    {
        using var worker = StartWorker("right");
        await FrameCodec.WriteAsync(worker.StandardInput.BaseStream, Hello(version, token), TestContext.Current.CancellationToken);
        var answer = await FrameCodec.ReadAsync(worker.StandardOutput.BaseStream, TestContext.Current.CancellationToken);
        var refused = Assert.IsType<RefusedMessage>(answer!.Value.Message);
        Assert.Contains(reason, refused.Reason);
        Assert.True(worker.WaitForExit(30_000));
        Assert.Equal(Workers.WorkerHost.RefusedExitCode, worker.ExitCode);
    }

    [Fact]
    public async Task A_worker_fed_garbage_says_so_and_exits()
    {
        using var worker = StartWorker("t");
        await worker.StandardInput.BaseStream.WriteAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await worker.StandardInput.BaseStream.FlushAsync(TestContext.Current.CancellationToken);
        var answer = await FrameCodec.ReadAsync(worker.StandardOutput.BaseStream, TestContext.Current.CancellationToken);
        var failure = Assert.IsType<FailureMessage>(answer!.Value.Message);
        Assert.Contains("invalid frame length", failure.Reason);
        Assert.True(worker.WaitForExit(30_000));
        Assert.Equal(Workers.WorkerHost.FailedExitCode, worker.ExitCode);
    }

    [Fact]
    public async Task Frames_round_trip_and_bad_lengths_are_rejected()
    {
        var message = new EvaluateMessage { BatchId = 7, Generation = 3, Candidates = [new CandidateWire { Index = 1, Parent = 0, Streams = [3], NoiseGenerations = [3], Members = [9], Scales = [0.1f], Distributions = [0] }] };
        var frame = FrameCodec.Encode(message);
        var back = await FrameCodec.ReadAsync(new MemoryStream(frame), TestContext.Current.CancellationToken);
        var decoded = Assert.IsType<EvaluateMessage>(back!.Value.Message);
        Assert.Equal(7, decoded.BatchId);
        Assert.Equal(9u, decoded.Candidates[0].Members[0]);
        var truncated = frame[..^2];
        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(new MemoryStream(truncated), TestContext.Current.CancellationToken));
        var huge = new byte[] { 0xff, 0xff, 0xff, 0x7f, 1, 2, 3 };
        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(new MemoryStream(huge), TestContext.Current.CancellationToken));
        var junk = new byte[] { 4, 0, 0, 0, 0xc1, 0xc1, 0xc1, 0xc1 };
        await Assert.ThrowsAsync<ProtocolException>(() => FrameCodec.ReadAsync(new MemoryStream(junk), TestContext.Current.CancellationToken));
    }
}
