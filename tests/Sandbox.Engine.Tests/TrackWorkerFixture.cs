using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Engine.Tests;

/// <summary>Runs a supervised track's steps through the engine (worker processes or in process) for the tracks' worker tests.</summary>
internal static class TrackWorkerFixture
{
    /// <summary>The evaluators of <paramref name="workers"/> worker processes (0: the engine's in-process evaluator), worker 0 with an injected <paramref name="fault"/>.</summary>
    public static Func<IEvaluationTask, ICandidateEvaluator> Evaluators(int workers, string? fault = null) => workers == 0
        ? task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu)
        : task => new WorkerPool(new EngineOptions { Workers = workers, TestFault = fault, WorkerTimeoutSeconds = 120 }, EngineFixture.Worker, NullLogger.Instance, task);

    /// <summary>Trains one whole epoch of <paramref name="config"/> with <paramref name="track"/>; θ after it and the epoch's figures.</summary>
    public static (float[] Theta, EpochStats Stats) TrainOneEpoch(ITrack track, TrackConfig config, TrackData data)
    {
        using var trainer = track.CreateTrainer(config, data);
        var stats = trainer.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        return (trainer.ExportState().Arrays["theta"], stats);
    }
}
