using Sandbox.Evolution.Configuration;

namespace Sandbox.Engine.Tests;

/// <summary>The newer algorithms through real worker processes: replicas regenerate the run process's candidates (shaped noise included) and apply its updates.</summary>
public sealed class AlgorithmWorkerTests
{
    [Theory]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("cmaes")]
    [InlineData("ga")]
    public void In_process_one_and_two_workers_give_byte_identical_runs(string algorithm)
    {
        var config = EngineFixture.SmallConfig(algorithm) with { Control = new ControlConfig { ObservationNormalization = true } };
        var inProcess = EngineFixture.Run(config, workers: 0);
        var one = EngineFixture.Run(config, workers: 1);
        var two = EngineFixture.Run(config, workers: 2);
        var reference = inProcess.Metrics.Select(EngineFixture.ResultFields).ToArray();
        Assert.Equal(reference, one.Metrics.Select(EngineFixture.ResultFields));
        Assert.Equal(reference, two.Metrics.Select(EngineFixture.ResultFields));
        Assert.Equal(inProcess.Policy, one.Policy);
        Assert.Equal(inProcess.Policy, two.Policy);
        Assert.Equal(2, (int)EngineFixture.Field(two.Metrics[^1], "workers"));
    }
}
