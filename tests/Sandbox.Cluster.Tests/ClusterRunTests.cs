using System.Diagnostics;
using System.Text.RegularExpressions;
using static Sandbox.Cluster.Tests.SmallRun;

namespace Sandbox.Cluster.Tests;

/// <summary>
/// Runs on a real cluster on 127.0.0.1: redis-server on a free port, silos as separate processes, the run as a
/// client. The final policy must be byte-identical to a local two-worker run whatever the silos do.
/// </summary>
[Collection(nameof(LocalCluster))]
public sealed class ClusterRunTests
{
    [Fact]
    public void The_final_policy_is_byte_identical_to_a_local_two_worker_run_and_the_view_lists_workers_by_silo()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        cluster.StartSilo("a");
        cluster.StartSilo("b");
        var (exit, output) = cluster.RunCli(Evolve(cluster));
        Assert.True(exit == 0, output);
        Assert.Equal(Reference.Value, Policy(cluster));
        string log = EngineLog(cluster);
        Assert.Contains("silo a joined", log);
        Assert.Contains("silo b joined", log);
        // The per-generation view (output is not a terminal) names the silo of each worker.
        Assert.Matches(@"workers: .*silo a: #\d pid \d+", output);
        Assert.Matches(@"workers: .*silo b: #\d pid \d+", output);
    }

    [Fact]
    public void A_silo_killed_mid_generation_loses_nothing()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        cluster.StartSilo("a");
        var doomed = cluster.StartSilo("b", fault: "kill:3");
        var (exit, output) = cluster.RunCli(Evolve(cluster, "--worker-timeout", "20"));
        Assert.True(exit == 0, output);
        Assert.True(doomed.HasExited, "the faulty silo should have killed itself");
        Assert.Contains("silo b left the run", EngineLog(cluster));
        Assert.Equal(Reference.Value, Policy(cluster));
    }

    [Fact]
    public void A_silo_stopped_past_the_timeout_loses_nothing()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        cluster.StartSilo("a");
        var stopped = cluster.StartSilo("b", fault: "stop:3");
        var (exit, output) = cluster.RunCli(Evolve(cluster, "--worker-timeout", "5"));
        Assert.True(exit == 0, output);
        // The hang is seen by the batch timeout or, on a loaded machine where the timer fires late, by the
        // membership declaring the silo dead: either way the silo leaves and its batch runs elsewhere.
        string log = EngineLog(cluster);
        Assert.True(Regex.IsMatch(log, @"silo b left the run: .*(did not answer within 5 s|failed: )"), log + cluster.Output(stopped));
        Assert.Equal(Reference.Value, Policy(cluster));
    }

    [Fact]
    public void A_silo_joining_mid_run_receives_work()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        cluster.StartSilo("a");
        cluster.StartSilo("b");
        var run = cluster.StartCli(Evolve(cluster));
        LocalCluster.WaitForFile(Path.Combine(cluster.Directory, "runs", "run", "engine.log"), "generation 1:", TimeSpan.FromMinutes(2), run);
        // The run is paused while the third silo starts, so it joins with generations still to go.
        LocalCluster.Signal(run, 19);
        Process late;
        try
        {
            late = cluster.StartSilo("c");
        }
        finally
        {
            LocalCluster.Signal(run, 18);
        }
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), cluster.Output(run));
        run.WaitForExit();
        Assert.True(run.ExitCode == 0, cluster.Output(run));
        Assert.Contains("silo c joined", EngineLog(cluster));
        Assert.Contains("replica of run", cluster.Output(late)); // it was given the state, then batches
        Assert.Equal(Reference.Value, Policy(cluster));
    }

    [Fact]
    public void Redis_restarted_mid_run_loses_nothing()
    {
        using var cluster = new LocalCluster();
        var redis = cluster.StartRedis();
        cluster.StartSilo("a");
        cluster.StartSilo("b");
        var run = cluster.StartCli(Evolve(cluster));
        LocalCluster.WaitForFile(Path.Combine(cluster.Directory, "runs", "run", "engine.log"), "generation 2:", TimeSpan.FromMinutes(2), run);
        LocalCluster.Signal(redis, 15); // saves its data on the way down
        Assert.True(redis.WaitForExit(TimeSpan.FromSeconds(30)));
        cluster.StartRedis(cluster.RedisPort);
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(4)), cluster.Output(run));
        run.WaitForExit();
        if (run.ExitCode == 130)
        {
            // Stopped resumably: the resumed run must end where an uninterrupted one does.
            var (exit, output) = cluster.RunCli(["evolve", "--resume", Path.Combine(cluster.Directory, "runs", "run"), "--cluster", cluster.Membership, "--cluster-id", cluster.ClusterId, "--out", "cluster.policy"]);
            Assert.True(exit == 0, output);
        }
        else
        {
            Assert.True(run.ExitCode == 0, cluster.Output(run));
        }
        Assert.Equal(Reference.Value, Policy(cluster));
    }

    [Fact]
    public void A_silo_or_client_with_the_wrong_secret_is_refused_with_one_line()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        cluster.StartSilo("a");
        var intruder = cluster.StartSilo("intruder", secret: "not-the-secret-of-this-cluster", wait: false);
        Assert.True(intruder.WaitForExit(TimeSpan.FromMinutes(2)), cluster.Output(intruder));
        intruder.WaitForExit();
        Assert.Equal(2, intruder.ExitCode);
        Assert.Contains("error: wrong cluster secret", cluster.Output(intruder));

        var (exit, output) = cluster.RunCli(Evolve(cluster), secret: "not-the-secret-of-this-cluster");
        Assert.Equal(2, exit);
        Assert.Contains("error: wrong cluster secret", output);
        Assert.False(Directory.Exists(Path.Combine(cluster.Directory, "runs", "run")), "nothing may be written for a refused run");
    }

    [Fact]
    public void A_client_with_another_protocol_version_is_refused_with_one_line()
    {
        using var cluster = new LocalCluster();
        cluster.StartRedis();
        var silo = cluster.StartSilo("a");
        var (exit, output) = cluster.RunCli(Evolve(cluster, "--test-fault", "version"));
        Assert.Equal(2, exit);
        Assert.Contains("speaks protocol version", output);
        Assert.Contains("refused a client", cluster.Output(silo));
        Assert.False(Directory.Exists(Path.Combine(cluster.Directory, "runs", "run")), "nothing may be written for a refused run");
    }

    [Fact]
    public void An_unreachable_redis_is_one_line_and_exit_code_2()
    {
        using var cluster = new LocalCluster();
        string nowhere = $"redis://127.0.0.1:{LocalCluster.FreePort(1)}";
        var (exit, output) = cluster.RunCli(["evolve", "--config", WriteConfig(cluster), "--cluster", nowhere, "--name", "run"]);
        Assert.Equal(2, exit);
        Assert.Contains("error: cannot reach Redis", output);
        Assert.False(Directory.Exists(Path.Combine(cluster.Directory, "runs", "run")), "nothing may be written for a refused run");
        var (siloExit, siloOutput) = cluster.RunCli(["silo", "--cluster", nowhere, "--workers", "1"]);
        Assert.Equal(2, siloExit);
        Assert.Contains("error: cannot reach Redis", siloOutput);
    }
}
