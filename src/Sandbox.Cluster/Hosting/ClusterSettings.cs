using System.Security.Cryptography.X509Certificates;
using Sandbox.Cluster.Security;

namespace Sandbox.Cluster.Hosting;

/// <summary>What every silo and client of one cluster shares: membership, cluster id, secret and (optionally) a TLS certificate.</summary>
public sealed record ClusterSettings
{
    /// <summary>The default <c>--cluster-id</c>.</summary>
    public const string DefaultClusterId = "sandbox";

    /// <summary>Where silos find each other.</summary>
    public required ClusterMembership Membership { get; init; }

    /// <summary>Separates clusters that share a Redis.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The shared secret.</summary>
    public required ClusterSecret Secret { get; init; }

    /// <summary>Certificate for TLS between silos and clients (the same on every machine); null for plain TCP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Reads a PKCS#12 certificate (password from <c>SANDBOX_TLS_PASSWORD</c>).</summary>
    /// <exception cref="ClusterException">Unreadable file or wrong password.</exception>
    public static X509Certificate2 LoadCertificate(string file)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, Environment.GetEnvironmentVariable("SANDBOX_TLS_PASSWORD"));
            string? problem = !certificate.HasPrivateKey ? "the file has no private key (export it as PKCS#12 with its key)"
                : !AllowsServerAndClient(certificate) ? "the certificate must allow TLS server and client authentication (every silo is both; see the README for an openssl command)"
                : null;
            if (problem is not null)
            {
                certificate.Dispose();
                throw new ClusterException($"--tls-certificate '{file}': {problem}");
            }
            return certificate;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterException($"--tls-certificate '{file}': cannot read it as PKCS#12 ({e.Message}); the password goes in SANDBOX_TLS_PASSWORD", e);
        }
    }

    /// <summary>No extended key usage means any; otherwise both TLS ends must be listed (Orleans checks each where it is used).</summary>
    private static bool AllowsServerAndClient(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        if (usages.Count == 0)
        {
            return true;
        }
        var oids = usages.SelectMany(u => u.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value).ToHashSet();
        return oids.Contains("1.3.6.1.5.5.7.3.1") && oids.Contains("1.3.6.1.5.5.7.3.2"); // server, client authentication
    }

    /// <summary>Checks a cluster id.</summary>
    /// <exception cref="ClusterException">Empty or with characters Redis keys and logs should not carry.</exception>
    public static string CheckClusterId(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? id
            : throw new ClusterException($"--cluster-id '{id}': use 1-64 letters, digits, '-', '_' or '.'");
}
