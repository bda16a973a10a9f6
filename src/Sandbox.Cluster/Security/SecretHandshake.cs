using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Sandbox.Cluster.Security;

/// <summary>
/// Connection middleware run before Orleans speaks on any connection (silo to silo, client to gateway): both ends
/// prove they hold the cluster secret with an HMAC over fresh nonces, so the secret never crosses the wire and a
/// recorded handshake cannot be replayed. A peer that fails is disconnected and the refusal logged.
/// </summary>
/// <param name="secret">The cluster secret.</param>
/// <param name="clusterId">Bound into every proof, so a proof for one cluster is worthless for another.</param>
/// <param name="log">Where refused connections are logged.</param>
/// <param name="diagnosis">Where an outbound connection whose peer never greets is recorded (with TLS off, the likely cause is a TLS cluster).</param>
/// <param name="tls">Whether this side's connections use TLS.</param>
public sealed class SecretHandshake(ClusterSecret secret, string clusterId, ILogger log, ConnectionDiagnosis? diagnosis = null, bool tls = false)
{
    private static readonly byte[] Magic = "SBXCLUS1"u8.ToArray();
    private const int NonceBytes = 32;
    private const int MacBytes = 32;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly byte[] _cluster = Encoding.UTF8.GetBytes(clusterId);

    /// <summary>Set when a peer refused this side's secret (so a command can say so in one line).</summary>
    public string? RefusedBy { get; private set; }

    /// <summary>Raised once when a peer refuses this side's secret.</summary>
    public event Action<string>? Refused;

    /// <summary>Middleware for connections this side accepts.</summary>
    public ConnectionDelegate Inbound(ConnectionDelegate next) => async context =>
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string remote = context.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            var serverNonce = RandomNumberGenerator.GetBytes(NonceBytes);
            await WriteAsync(context.Transport.Output, [Magic, serverNonce], timeout.Token).ConfigureAwait(false);
            var answer = await ReadAsync(context.Transport.Input, Magic.Length + NonceBytes + MacBytes, timeout.Token).ConfigureAwait(false);
            var clientNonce = answer[Magic.Length..(Magic.Length + NonceBytes)];
            var expected = secret.Sign("client"u8.ToArray(), _cluster, serverNonce, clientNonce);
            if (!answer.AsSpan(0, Magic.Length).SequenceEqual(Magic) || !CryptographicOperations.FixedTimeEquals(expected, answer.AsSpan(Magic.Length + NonceBytes)))
            {
                ClusterLog.ConnectionRefused(log, remote, "it did not present this cluster's secret (or is not a Sandbox silo or client)");
                await WriteAsync(context.Transport.Output, [[0]], timeout.Token).ConfigureAwait(false);
                context.Abort();
                return;
            }
            await WriteAsync(context.Transport.Output, [[1], secret.Sign("server"u8.ToArray(), _cluster, clientNonce, serverNonce)], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or ConnectionResetException)
        {
            ClusterLog.ConnectionRefused(log, remote, $"handshake failed ({e.Message})");
            context.Abort();
            return;
        }
        await next(context).ConfigureAwait(false);
    };

    /// <summary>Middleware for connections this side opens.</summary>
    public ConnectionDelegate Outbound(ConnectionDelegate next) => async context =>
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string remote = context.RemoteEndPoint?.ToString() ?? "?";
        // A TLS silo waits for a TLS hello and never greets a plain client. (A new string per connection, see Succeeded.)
        string silent = tls
            ? $"the silo at {remote} did not start the cluster handshake"
            : $"the silo at {remote} did not start the cluster handshake; if the silos use TLS, give the same --tls-certificate file here (password in SANDBOX_TLS_PASSWORD)";
        diagnosis?.Expect(silent);
        byte[] hello;
        try
        {
            hello = await ReadAsync(context.Transport.Input, Magic.Length + NonceBytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException or ConnectionResetException or ConnectionAbortedException)
        {
            diagnosis?.Fail(silent);
            throw;
        }
        diagnosis?.Succeeded(silent);
        if (!hello.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ConnectionAbortedException($"{remote} is not a Sandbox silo");
        }
        var serverNonce = hello[Magic.Length..];
        var clientNonce = RandomNumberGenerator.GetBytes(NonceBytes);
        await WriteAsync(context.Transport.Output, [Magic, clientNonce, secret.Sign("client"u8.ToArray(), _cluster, serverNonce, clientNonce)], timeout.Token).ConfigureAwait(false);
        byte[] verdict;
        try
        {
            verdict = await ReadAsync(context.Transport.Input, 1, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException)
        {
            verdict = [0];
        }
        if (verdict[0] != 1)
        {
            string reason = $"the silo at {remote} refused this cluster secret (cluster '{clusterId}'): use the same {ClusterSecret.EnvironmentVariable} or --secret-file as the silos";
            if (RefusedBy is null)
            {
                RefusedBy = reason;
                Refused?.Invoke(reason);
            }
            throw new ConnectionAbortedException(reason);
        }
        var proof = await ReadAsync(context.Transport.Input, MacBytes, timeout.Token).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(proof, secret.Sign("server"u8.ToArray(), _cluster, clientNonce, serverNonce)))
        {
            ClusterLog.ConnectionRefused(log, remote, "it accepted us without proving it holds the cluster secret");
            throw new ConnectionAbortedException($"{remote} did not prove it holds the cluster secret");
        }
        await next(context).ConfigureAwait(false);
    };

    private static async Task WriteAsync(PipeWriter output, byte[][] parts, CancellationToken cancellation)
    {
        foreach (var part in parts)
        {
            output.Write(part);
        }
        await output.FlushAsync(cancellation).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadAsync(PipeReader input, int count, CancellationToken cancellation)
    {
        var read = await input.ReadAtLeastAsync(count, cancellation).ConfigureAwait(false);
        if (read.Buffer.Length < count)
        {
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            throw new IOException("the peer closed the connection during the handshake");
        }
        var bytes = read.Buffer.Slice(0, count).ToArray();
        input.AdvanceTo(read.Buffer.GetPosition(count));
        return bytes;
    }
}
