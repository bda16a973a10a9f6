using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;
using Sandbox.Policies.Files;

namespace Sandbox.Evolution.Tests.Runs;

public sealed class EvolutionRunTests
{
    [Theory]
    [InlineData("supermask")]
    [InlineData("es")]
    public void A_small_run_solves_cartpole_and_the_saved_policy_validates(string algorithm)
    {
        var config = new RunConfig
        {
            Algorithm = algorithm,
            Seed = 3,
            Generations = 100,
            Population = 32,
            Episodes = 5,
            Policy = new PolicyConfig { Hidden = [32] },
            Evaluation = new EvaluationConfig { ValidationEpisodes = 20 },
        };
        string dir = TestEnvironments.TempDirectory();
        using var run = new EvolutionRun(config, TestEnvironments.Registry, dir);
        var result = run.Run(cancellation: TestContext.Current.CancellationToken);
        Assert.True(result.Solved, $"not solved in {result.Generations} generations (validation {result.ValidationReturn})");
        Assert.True(result.ValidationReturn >= 475);
        var loaded = PolicyFile.Load(result.PolicyPath);
        Assert.Equal("CartPole-v1", loaded.EnvId);
        Assert.Equal(result.Policy.Mask, loaded.Mask);
        Assert.Equal(result.Generations, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
        using var provenance = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "provenance.json")));
        Assert.Equal("CartPole-v1", provenance.RootElement.GetProperty("env").GetString());
        Assert.Equal(algorithm, provenance.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(TestEnvironments.Registry.Get("CartPole-v1").Physics, provenance.RootElement.GetProperty("physics").GetString());
    }
}
