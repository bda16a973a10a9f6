namespace Sandbox.Cluster.Tests;

/// <summary>
/// <c>train --cluster</c> on a real cluster on 127.0.0.1: a supervised track's parallel parts (random-bases shards)
/// on two silos must train the same model as the run in this process.
/// </summary>
[Collection(nameof(LocalCluster))]
public sealed class TrainClusterTests
{
    private static readonly string[] Small = ["train", "random-bases", "--set", "shards=2", "--set", "directions=50", "--set", "train_limit=512",
        "--set", "test_limit=200", "--set", "batch_size=64", "--epochs", "1", "--threads", "1"];

    private static byte[] Model(LocalCluster cluster, string run) => File.ReadAllBytes(Path.Combine(cluster.Directory, "runs", run, "model.model"));

    [Fact]
    public void Random_bases_shards_on_two_silos_give_the_model_of_the_in_process_run()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        // The silos start while the in-process run trains (both take seconds on a loaded machine).
        var a = cluster.StartSilo("a", wait: false);
        var b = cluster.StartSilo("b", wait: false);
        var (exit, output) = cluster.RunCli([.. Small, "--name", "here"]);
        Assert.True(exit == 0, output);
        cluster.WaitFor(a, "listening on", TimeSpan.FromSeconds(90));
        cluster.WaitFor(b, "listening on", TimeSpan.FromSeconds(90));

        (exit, output) = cluster.RunCli([.. Small, "--name", "cluster", "--cluster", cluster.Membership, "--cluster-id", cluster.ClusterId]);
        Assert.True(exit == 0, output);
        Assert.Contains("parallel parts on cluster", output);
        Assert.Contains("2 silo(s), 2 worker(s)", output);
        Assert.Contains("silo a: #", output); // the progress view names the workers by silo
        Assert.Contains("silo b: #", output);
        Assert.Contains("replica of run", cluster.Output(a)); // each silo was given the state, then shards
        Assert.Contains("replica of run", cluster.Output(b));
        Assert.Equal(Model(cluster, "here"), Model(cluster, "cluster"));
    }

    [Fact]
    public void Cluster_options_that_cannot_work_are_one_line_and_exit_code_2_with_nothing_written()
    {
        using var cluster = new LocalCluster();
        string nowhere = $"redis://127.0.0.1:{LocalCluster.FreePort(1)}";
        foreach (var (args, mentions) in new (string[], string)[]
        {
            ([.. Small, "--cluster", nowhere, "--workers", "2"], "--workers sets local worker processes"),
            (["train", "random-bases", "--cluster", nowhere, "--dataset", "cifar10", "--data-dir", "/nonexistent/cifar"], "--cluster runs the parallel shards"),
            ([.. Small, "--cluster-wait", "5"], "--cluster-wait needs --cluster"),
            ([.. Small, "--cluster", nowhere, "--worker-timeout", "0"], "--worker-timeout must be positive"),
            ([.. Small, "--cluster", nowhere], "cannot reach Redis"),
        })
        {
            var (exit, output) = cluster.RunCli([.. args, "--name", "run"]);
            Assert.Equal(2, exit);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, output);
            Assert.StartsWith("error: ", lines[0]);
            Assert.Contains(mentions, lines[0]);
            Assert.False(Directory.Exists(Path.Combine(cluster.Directory, "runs")), $"{string.Join(' ', args)} wrote into runs/");
        }
    }
}
