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
        var model = Evolution.Control.ControlTask.CreateModel(config, EngineFixture.Registry.Get(config.Env));
        int parameters = model.Parameterization.ParameterCount;
        Assert.True(parameters >= 100_000, $"{parameters} parameters");
        long shipping = (long)(config.Population + 1) * parameters * sizeof(float);

        var run = EngineFixture.Run(config, workers: 2);
        foreach (var line in run.Metrics)
        {
            // Per-generation protocol traffic: everything but the state shipped once to starting workers.
            double bytes = EngineFixture.Field(line, "bytes_sent") - EngineFixture.Field(line, "state_bytes") + EngineFixture.Field(line, "bytes_received");
            Assert.True(bytes > 0);
            Assert.True(bytes < 0.01 * shipping, $"{bytes} bytes in a generation vs {shipping} to ship the parameters");
        }
    }

    [Fact]
    public void The_state_shipped_to_starting_workers_is_counted_in_the_first_generation()
    {
        var config = EngineFixture.SmallConfig("es") with { Generations = 2, Population = 8, Episodes = 1, Policy = new PolicyConfig { Hidden = [64] } };
        using var task = EngineFixture.Tasks.Create(config);
        int stateLength = Evolution.Algorithms.AlgorithmRegistry.Create(config, task.Space).ExportState().Length;
        Assert.True(stateLength > 3 * 4 * task.Space.Count, "the ES state holds the centre and both Adam moments");
        var run = EngineFixture.Run(config, workers: 2);
        // Each of the two hellos carries that state and the config.
        double state = 2.0 * stateLength;
        double configs = 2 * (Evolution.Configuration.RunConfigFile.ToJson(config, indented: false).Length + 256);
        double first = EngineFixture.Field(run.Metrics[0], "state_bytes");
        Assert.InRange(first, state, state + configs);
        Assert.True(EngineFixture.Field(run.Metrics[0], "bytes_sent") >= first);
        Assert.Equal(0, EngineFixture.Field(run.Metrics[1], "state_bytes"));
    }

    [Fact]
    public void The_state_shipped_to_a_restarted_worker_is_counted()
    {
        var config = EngineFixture.SmallConfig("es") with { Generations = 3, Population = 8, Episodes = 1, Policy = new PolicyConfig { Hidden = [64] } };
        using var task = EngineFixture.Tasks.Create(config);
        int stateLength = Evolution.Algorithms.AlgorithmRegistry.Create(config, task.Space).ExportState().Length;
        var run = EngineFixture.Run(config, workers: 2, fault: "kill:2");
        Assert.True(run.Metrics.Sum(l => EngineFixture.Field(l, "worker_restarts")) >= 1, run.Log);
        // Two first hellos and at least one more for the replacement, each with the whole state.
        Assert.True(run.Metrics.Sum(l => EngineFixture.Field(l, "state_bytes")) >= 3.0 * stateLength, string.Join("\n", run.Metrics));
    }
}
