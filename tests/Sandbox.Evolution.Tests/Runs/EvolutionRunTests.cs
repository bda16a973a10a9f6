using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Runs;
using Sandbox.Policies;
using Sandbox.Policies.Files;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Tests.Runs;

public sealed class EvolutionRunTests
{
    [Theory]
    [InlineData("supermask", PolicyFamily.Supermask)]
    [InlineData("es", PolicyFamily.Dense)]
    public void A_small_run_solves_cartpole_and_the_saved_policy_replays_to_its_validation_score(string algorithm, PolicyFamily family)
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
        using var run = new EvolutionRun(config, TestEnvironments.Tasks, dir);
        var result = run.Run(cancellation: TestContext.Current.CancellationToken);
        Assert.True(result.Solved, $"not solved in {result.Generations} generations (validation {result.Validation})");
        Assert.True(result.Validation >= 475);

        var saved = PolicyFile.Load(result.ArtifactPath);
        Assert.Equal("CartPole-v1", saved.EnvId);
        Assert.Equal(family, saved.Family);
        Assert.Equal(result.Artifact, File.ReadAllBytes(result.ArtifactPath));
        // The file, replayed on the run's validation seeds, scores exactly what validation measured: it is the validated champion.
        using var task = new ControlTask(config, TestEnvironments.Registry);
        var replay = PolicyReplay.Run(saved, TestEnvironments.Registry.Get("CartPole-v1"), task.ValidationContext(20).Seeds, ComputeDevice.Cpu);
        Assert.Equal(result.Validation, replay.MeanReturn);

        Assert.Equal(result.Generations, File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Length);
        using var provenance = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "provenance.json")));
        Assert.Equal("CartPole-v1", provenance.RootElement.GetProperty("env").GetString());
        Assert.Equal(algorithm, provenance.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(TestEnvironments.Registry.Get("CartPole-v1").Physics, provenance.RootElement.GetProperty("physics").GetString());
    }
}
