using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sandbox.Cluster.Tests;

/// <summary>Self-signed certificates made at test time (none is committed), written as password-protected PKCS#12.</summary>
internal static class TestCertificate
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// Writes a fresh certificate to <paramref name="path"/>; with <paramref name="withKey"/> false only the public part,
    /// with <paramref name="forClients"/> false one allowed for TLS servers only.
    /// </summary>
    public static string Write(string path, string password, bool withKey = true, bool forClients = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=sandbox-test-{Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        // Every silo is a TLS server (its listeners) and a TLS client (its connections to other silos).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(forClients ? [ServerAuth, ClientAuth] : [ServerAuth], critical: false));
        // Like the README's openssl command: an end-entity certificate, not a CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        if (withKey)
        {
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        }
        else
        {
            using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
            File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pkcs12, password));
        }
        return path;
    }
}
