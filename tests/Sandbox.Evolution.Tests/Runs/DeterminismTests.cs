using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;

namespace Sandbox.Evolution.Tests.Runs;

public sealed class DeterminismTests
{
    private static (byte[] Policy, string[] Metrics) Run(RunConfig config)
    {
        string dir = TestEnvironments.TempDirectory();
        using var run = new EvolutionRun(config, TestEnvironments.Tasks, dir);
        var result = run.Run(cancellation: TestContext.Current.CancellationToken);
        var metrics = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(ResultFields).ToArray();
        return (File.ReadAllBytes(result.ArtifactPath), metrics);
    }

    /// <summary>The fields that are results (not timings or execution details) of one metrics line.</summary>
    internal static string ResultFields(string line)
    {
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        string[] keys = ["generation", "best", "mean", "elite", "champion", "sparsity", "env_steps", "total_env_steps", "validation"];
        return string.Join(",", keys.Select(k => json.GetProperty(k).GetRawText()));
    }

    [Theory]
    [InlineData("supermask")]
    [InlineData("es")]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("cmaes")]
    [InlineData("ga")]
    public void A_run_is_a_function_of_its_config_whatever_the_thread_count(string algorithm)
    {
        var config = new RunConfig
        {
            Algorithm = algorithm,
            Seed = 11,
            Generations = 6,
            Population = 24,
            Episodes = 3,
            Policy = new PolicyConfig { Hidden = [16] },
            Control = new ControlConfig { ObservationNormalization = true },
            Evaluation = new EvaluationConfig { ValidationEpisodes = 5, StopAtTarget = false, Threads = 1 },
        };
        var one = Run(config);
        var again = Run(config);
        var three = Run(config with { Evaluation = config.Evaluation with { Threads = 3 } });
        Assert.Equal(one.Metrics, again.Metrics);
        Assert.Equal(one.Policy, again.Policy);
        Assert.Equal(one.Metrics, three.Metrics);
        Assert.Equal(one.Policy, three.Policy);
        var other = Run(config with { Seed = 12 });
        Assert.NotEqual(one.Metrics, other.Metrics);
    }
}
