using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;

namespace Sandbox.Cluster.Security;

/// <summary>
/// Why this side's outbound connections failed before Orleans could speak on them (TLS or the secret handshake), so
/// "no silo reachable" can name the likely cause in one line. A connection's possible failure is recorded when the
/// step starts and withdrawn when it succeeds: Orleans may give up on a connection before the step itself notices,
/// and its TLS middleware logs and swallows its own failures.
/// </summary>
public sealed class ConnectionDiagnosis
{
    private readonly ConditionalWeakTable<ConnectionContext, string> _inTls = [];
    private string? _failure;

    /// <summary>The latest failure (or step still waiting), or null when none.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    /// <summary>Raised when a connection ended without completing TLS or the secret handshake.</summary>
    public event Action<string>? Failed;

    /// <summary>A step that fails with <paramref name="reason"/> unless <see cref="Succeeded"/> follows.</summary>
    public void Expect(string reason) => Volatile.Write(ref _failure, reason);

    /// <summary>The step expected with this very <paramref name="reason"/> instance succeeded.</summary>
    public void Succeeded(string reason) => Interlocked.CompareExchange(ref _failure, null, reason);

    /// <summary>A step failed.</summary>
    public void Fail(string reason)
    {
        Volatile.Write(ref _failure, reason);
        Failed?.Invoke(reason);
    }

    /// <summary>Middleware placed before TLS: notices connections whose TLS handshake failed.</summary>
    public ConnectionDelegate BeforeTls(ConnectionDelegate next) => async context =>
    {
        // Interpolation makes a new string per connection, so Succeeded withdraws only this connection's expectation.
        string reason = $"the TLS handshake with the silo at {context.RemoteEndPoint?.ToString() ?? "?"} failed: every silo and client needs the same --tls-certificate file (password in SANDBOX_TLS_PASSWORD)";
        _inTls.AddOrUpdate(context, reason);
        Expect(reason);
        await next(context).ConfigureAwait(false);
        if (_inTls.TryGetValue(context, out var failed))
        {
            Fail(failed);
        }
    };

    /// <summary>Middleware placed right after TLS: the connection's TLS handshake succeeded.</summary>
    public ConnectionDelegate AfterTls(ConnectionDelegate next) => context =>
    {
        if (_inTls.TryGetValue(context, out var reason))
        {
            _inTls.Remove(context);
            Succeeded(reason);
        }
        return next(context);
    };
}
