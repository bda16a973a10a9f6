using Sandbox.Cluster.Hosting;
using static Sandbox.Cluster.Tests.SmallRun;

namespace Sandbox.Cluster.Tests;

/// <summary>
/// <c>--cluster localhost</c> (Orleans' development clustering, no Redis): the primary silo on port 11111, another
/// silo on any other port, the run reaching them through the primary's gateway. Uses the fixed ports 11111-11112.
/// </summary>
[Collection(nameof(LocalCluster))]
public sealed class LocalhostClusterTests
{
    [Fact]
    public void Two_localhost_silos_give_the_same_final_policy_as_a_local_two_worker_run()
    {
        using var cluster = new LocalCluster { Localhost = true };
        cluster.StartSilo("primary", port: ClusterMembership.LocalhostPrimaryPort);
        cluster.StartSilo("second");
        var (exit, output) = cluster.RunCli(Evolve(cluster));
        Assert.True(exit == 0, output);
        Assert.Equal(Reference.Value, Policy(cluster));
        string log = EngineLog(cluster);
        Assert.Contains("silo primary joined", log);
        Assert.Contains("silo second joined", log);
    }
}
