using static Sandbox.Cluster.Tests.SmallRun;

namespace Sandbox.Cluster.Tests;

/// <summary>
/// TLS between silos and clients (<c>--tls-certificate</c>) with self-signed certificates made for each test: a run
/// with the certificate everywhere matches the local reference; a client without it, or with another one, is refused.
/// </summary>
[Collection(nameof(LocalCluster))]
public sealed class ClusterTlsTests
{
    private const string Password = "tls-test-password";

    private static string Certificate(LocalCluster cluster, string name, bool withKey = true, bool forClients = true) =>
        TestCertificate.Write(Path.Combine(cluster.Directory, name), Password, withKey, forClients);

    [Fact]
    public void A_run_over_tls_is_byte_identical_to_a_local_two_worker_run()
    {
        using var cluster = new LocalCluster { TlsPassword = Password };
        string certificate = Certificate(cluster, "cluster.pfx");
        cluster.StartRedis();
        var silo = cluster.StartSilo("a", extra: ["--tls-certificate", certificate]);
        cluster.StartSilo("b", extra: ["--tls-certificate", certificate]);
        Assert.Contains(", TLS;", cluster.Output(silo));
        var (exit, output) = cluster.RunCli(Evolve(cluster, "--tls-certificate", certificate));
        Assert.True(exit == 0, output);
        Assert.Equal(Reference.Value, Policy(cluster));
        string log = EngineLog(cluster);
        Assert.Contains("silo a joined", log);
        Assert.Contains("silo b joined", log);
    }

    [Fact]
    public void A_client_without_the_certificate_or_with_another_one_is_refused_with_one_line()
    {
        using var cluster = new LocalCluster { TlsPassword = Password };
        string certificate = Certificate(cluster, "cluster.pfx");
        string other = Certificate(cluster, "other.pfx");
        cluster.StartRedis();
        cluster.StartSilo("a", extra: ["--tls-certificate", certificate]);

        var (exit, output) = cluster.RunCli(Evolve(cluster), minutes: 1.5);
        Assert.Equal(2, exit);
        AssertMatches("^error: .*TLS.*--tls-certificate", ErrorLine(output), output);
        Assert.False(Directory.Exists(RunDirectory(cluster)), "nothing may be written for a refused run");

        (exit, output) = cluster.RunCli(Evolve(cluster, "--tls-certificate", other), minutes: 1.5);
        Assert.Equal(2, exit);
        AssertMatches("^error: .*certificate", ErrorLine(output), output);
        Assert.False(Directory.Exists(RunDirectory(cluster)), "nothing may be written for a refused run");
    }

    [Theory]
    [InlineData("evolve")]
    [InlineData("silo")]
    public void A_certificate_without_its_key_for_servers_only_or_with_another_password_is_one_line_and_exit_code_2(string command)
    {
        using var cluster = new LocalCluster { TlsPassword = Password };
        string[] Args(string file) => command == "evolve"
            ? Evolve(cluster, "--tls-certificate", file)
            : ["silo", "--cluster", cluster.Membership, "--cluster-id", cluster.ClusterId, "--workers", "1", "--port", LocalCluster.FreePort(2).ToString(), "--tls-certificate", file];

        // No Redis is running: the certificate must be refused before anything is contacted.
        var (exit, output) = cluster.RunCli(Args(Certificate(cluster, "public-only.pfx", withKey: false)), minutes: 1);
        Assert.Equal(2, exit);
        AssertMatches("^error: --tls-certificate '.*public-only.pfx': the file has no private key", ErrorLine(output), output);

        (exit, output) = cluster.RunCli(Args(Certificate(cluster, "server-only.pfx", forClients: false)), minutes: 1);
        Assert.Equal(2, exit);
        AssertMatches("^error: --tls-certificate '.*server-only.pfx': the certificate must allow TLS server and client authentication", ErrorLine(output), output);

        string file = Certificate(cluster, "cluster.pfx");
        cluster.TlsPassword = "not-" + Password;
        (exit, output) = cluster.RunCli(Args(file), minutes: 1);
        Assert.Equal(2, exit);
        AssertMatches("^error: --tls-certificate '.*cluster.pfx': cannot read it as PKCS#12 .*SANDBOX_TLS_PASSWORD", ErrorLine(output), output);
        Assert.False(Directory.Exists(RunDirectory(cluster)), "nothing may be written for a refused run");
    }

    private static void AssertMatches(string pattern, string line, string output) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, pattern), $"expected /{pattern}/, got:\n{output}");

    /// <summary>The last line, which must be the only <c>error:</c> line.</summary>
    private static string ErrorLine(string output)
    {
        var errors = Lines(output).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1 && Lines(output)[^1] == errors[0], output);
        return errors[0];
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
