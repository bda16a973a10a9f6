using Sandbox.Evolution.Configuration;

namespace Sandbox.Engine.Tests;

public sealed class TrafficTests
{
    [Fact]
    public void Per_generation_traffic_is_under_one_percent_of_shipping_parameters_for_a_large_policy()
    {
        var config = EngineFixture.SmallConfig("es") with
        {
            Generations = 3,
            Population = 16,
            Episodes = 1,
            Policy = new PolicyConfig { Hidden = [320, 320], Bias = true },
        };
        var model = Evolution.Runs.EvolutionRun.CreateModel(config, EngineFixture.Registry.Get(config.Env));
        int parameters = model.Parameterization.ParameterCount;
        Assert.True(parameters >= 100_000, $"{parameters} parameters");
        long shipping = (long)(config.Population + 1) * parameters * sizeof(float);

        var run = EngineFixture.Run(config, workers: 2);
        foreach (var line in run.Metrics)
        {
            double bytes = EngineFixture.Field(line, "bytes_sent") + EngineFixture.Field(line, "bytes_received");
            Assert.True(bytes > 0);
            Assert.True(bytes < 0.01 * shipping, $"{bytes} bytes in a generation vs {shipping} to ship the parameters");
        }
    }
}
