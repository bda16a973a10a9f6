using Sandbox.Core.Environments;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Engine.Tests;

/// <summary>Runs small CartPole evolutions through the hosted engine with real worker processes.</summary>
internal static class EngineFixture
{
    public static EnvironmentRegistry Registry { get; } = Cli.Composition.EnvironmentCatalog.Create();

    public static TaskRegistry Tasks { get; } = Cli.Composition.TaskCatalog.Create(Registry);

    public static WorkerCommand Worker { get; } = new("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sandbox.Cli.dll")]);

    public static RunConfig SmallConfig(string algorithm = "supermask") => new()
    {
        Algorithm = algorithm,
        Seed = 17,
        Generations = 5,
        Population = 24,
        Episodes = 3,
        Policy = new PolicyConfig { Hidden = [16] },
        Evaluation = new EvaluationConfig { ValidationEpisodes = 5, StopAtTarget = false },
        CheckpointEvery = 2,
    };

    public static string NewRunDirectory() =>
        Path.Combine(Path.GetTempPath(), "sandbox-engine-tests", Guid.NewGuid().ToString("N"));

    public static (RunResult Result, byte[] Policy, string[] Metrics, string Log) Run(RunConfig config, int workers,
        string? fault = null, double timeoutSeconds = 120, string? directory = null)
    {
        directory ??= NewRunDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Engine:Workers"] = workers.ToString(),
            ["Engine:WorkerTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Engine:TestFault"] = fault,
        };
        var result = EvolutionHost.Run(new EvolutionRequest { Config = config, RunDirectory = directory }, settings, Tasks, new RunObserver(null), Worker);
        return (result, File.ReadAllBytes(result.ArtifactPath), File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")),
            File.ReadAllText(Path.Combine(directory, "engine.log")));
    }

    /// <summary>The result fields of a metrics line (no timings, no execution details).</summary>
    public static string ResultFields(string line)
    {
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        string[] keys = ["generation", "best", "mean", "elite", "champion", "sparsity", "env_steps", "total_env_steps", "validation"];
        return string.Join(",", keys.Select(k => json.GetProperty(k).GetRawText()));
    }

    public static double Field(string line, string key) => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty(key).GetDouble();
}
