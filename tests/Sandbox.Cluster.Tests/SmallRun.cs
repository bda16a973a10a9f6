using Sandbox.Evolution.Configuration;

namespace Sandbox.Cluster.Tests;

/// <summary>
/// The small run every cluster test evolves, and its reference: the final policy of a local two-worker run of the
/// same config and seed, which any cluster run must reproduce byte for byte.
/// </summary>
internal static class SmallRun
{
    public static readonly RunConfig Config = new()
    {
        Algorithm = "supermask",
        Seed = 17,
        Generations = 24,
        Population = 24,
        Episodes = 2,
        Policy = new PolicyConfig { Hidden = [16] },
        Evaluation = new EvaluationConfig { ValidationEpisodes = 5, StopAtTarget = false },
        CheckpointEvery = 2,
    };

    /// <summary>Computed once per test run, by whichever test needs it first.</summary>
    public static readonly Lazy<byte[]> Reference = new(() =>
    {
        using var local = new LocalCluster();
        var (exit, output) = local.RunCli(["evolve", "--config", WriteConfig(local), "--workers", "2", "--name", "local", "--out", "local.policy"]);
        Assert.True(exit == 0, output);
        return File.ReadAllBytes(Path.Combine(local.Directory, "local.policy"));
    });

    public static string WriteConfig(LocalCluster cluster)
    {
        string path = Path.Combine(cluster.Directory, "small.json");
        File.WriteAllText(path, RunConfigFile.ToJson(Config));
        return path;
    }

    /// <summary><c>evolve</c> of the small run on <paramref name="cluster"/>, named <c>run</c>, policy to cluster.policy.</summary>
    public static string[] Evolve(LocalCluster cluster, params string[] extra) =>
        ["evolve", "--config", WriteConfig(cluster), "--cluster", cluster.Membership, "--cluster-id", cluster.ClusterId, "--name", "run", "--out", "cluster.policy", .. extra];

    public static string RunDirectory(LocalCluster cluster) => Path.Combine(cluster.Directory, "runs", "run");

    public static string EngineLog(LocalCluster cluster) => LocalCluster.ReadShared(Path.Combine(RunDirectory(cluster), "engine.log"));

    public static byte[] Policy(LocalCluster cluster) => File.ReadAllBytes(Path.Combine(cluster.Directory, "cluster.policy"));
}
