using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;

namespace Sandbox.Evolution.Tests.Runs;

/// <summary>The shipped CartPole config of each newer algorithm solves CartPole-v1 (validated over its 100 held-out episodes).</summary>
public sealed class CartPoleConfigTests
{
    private static string ConfigPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "configs", name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException($"configs/{name} not found above {AppContext.BaseDirectory}");
    }

    [Theory]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("cmaes")]
    [InlineData("ga")]
    public void The_shipped_cartpole_config_solves_cartpole(string algorithm)
    {
        var config = RunConfigFile.Load(ConfigPath($"cartpole-{algorithm}.json"));
        Assert.Equal(algorithm, config.Algorithm);
        Assert.Empty(config.Validate(TestEnvironments.Tasks));
        using var run = new EvolutionRun(config, TestEnvironments.Tasks, TestEnvironments.TempDirectory());
        var result = run.Run(cancellation: TestContext.Current.CancellationToken);
        Assert.True(result.Solved, $"{algorithm}: not solved in {result.Generations} generations (validation {result.Validation})");
        Assert.True(result.Validation >= 475, $"validation {result.Validation}");
    }
}
