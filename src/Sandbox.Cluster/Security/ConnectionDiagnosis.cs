using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;

namespace Sandbox.Cluster.Security;

/// <summary>
/// Why this side's outbound connections failed before Orleans could speak on them (TLS or the secret handshake), so
/// "no silo reachable" can name the likely cause in one line. Orleans' TLS middleware logs and swallows its own
/// failures, so a failed TLS handshake is recognised by the connection never reaching the middleware behind it.
/// </summary>
public sealed class ConnectionDiagnosis
{
    private readonly ConditionalWeakTable<ConnectionContext, object> _pastTls = [];
    private string? _failure;

    /// <summary>The latest failure, or null when none was seen.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Records a failure (the latest one wins: it describes the cluster as it is now).</summary>
    public void Record(string reason) => Volatile.Write(ref _failure, reason);

    /// <summary>Middleware placed before TLS: notices connections whose TLS handshake failed.</summary>
    public ConnectionDelegate BeforeTls(ConnectionDelegate next) => async context =>
    {
        await next(context).ConfigureAwait(false);
        if (!_pastTls.TryGetValue(context, out _))
        {
            Record($"the TLS handshake with the silo at {context.RemoteEndPoint?.ToString() ?? "?"} failed: every silo and client needs the same --tls-certificate file (password in SANDBOX_TLS_PASSWORD)");
        }
    };

    /// <summary>Middleware placed right after TLS: marks the connection as past its TLS handshake.</summary>
    public ConnectionDelegate AfterTls(ConnectionDelegate next) => context =>
    {
        _pastTls.AddOrUpdate(context, this);
        return next(context);
    };
}
