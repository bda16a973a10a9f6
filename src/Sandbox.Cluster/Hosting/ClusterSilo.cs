using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Sandbox.Cluster.Grains;
using Sandbox.Cluster.Placement;
using Sandbox.Cluster.Security;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cluster.Hosting;

/// <summary>
/// Runs a silo on the Generic Host until Ctrl+C / SIGTERM: evaluation grains for any run that asks, the
/// secret handshake on every connection, logs on the console. Serves successive runs (a new run's hello
/// replaces a worker's replica).
/// </summary>
public static class ClusterSilo
{
    /// <summary>Starts, serves until stopped, stops; returns when the silo is down.</summary>
    /// <exception cref="ClusterException">Redis unreachable, wrong secret, or the silo could not join.</exception>
    public static async Task RunAsync(SiloSettings settings, TaskRegistry tasks, TextWriter status, CancellationToken cancellation = default)
    {
        var cluster = settings.Cluster;
        if (!cluster.Membership.IsLocalhost)
        {
            await RedisSecretCheck.CheckAsync(cluster.Membership, cluster.ClusterId, cluster.Secret, isSilo: true).ConfigureAwait(false);
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        // Until the silo has joined, only our own lines: a refused join is one line, not the runtime's stack traces.
        bool started = false;
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter((category, level) => category?.StartsWith("Sandbox", StringComparison.Ordinal) == true
            ? level >= LogLevel.Information
            : Volatile.Read(ref started) && level >= (category is "Orleans.Runtime.Silo" or "Orleans.Runtime.Watchdog" ? LogLevel.Error : LogLevel.Warning));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.AddSingleton(tasks);
        builder.Services.AddSingleton(new SiloRuntime(settings.Name, settings.Workers, settings.TestFault));
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var diagnosis = new ConnectionDiagnosis();
        var handshake = new SecretHandshake(cluster.Secret, cluster.ClusterId, loggers.CreateLogger("Sandbox.Cluster.Handshake"), diagnosis, tls: cluster.Certificate is not null);
        builder.UseOrleans(silo =>
        {
            OrleansWiring.ConfigureSilo(silo, cluster, handshake, diagnosis, settings.Address, settings.Port);
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = settings.Name);
            silo.AddPlacementDirector<PinnedPlacement, PinnedPlacementDirector>();
        });

        using var host = builder.Build();
        using var joining = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        handshake.Refused += _ => joining.Cancel();
        try
        {
            await host.StartAsync(joining.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not ClusterException)
        {
            if (handshake.RefusedBy is { } refusal)
            {
                throw new ClusterException($"silo {settings.Name}: {refusal}", e);
            }
            if (cancellation.IsCancellationRequested)
            {
                return;
            }
            throw new ClusterException($"silo {settings.Name} could not join cluster '{cluster.ClusterId}' at {cluster.Membership}: {diagnosis.Failure ?? FirstLine(e)}", e);
        }
        Volatile.Write(ref started, true);
        status.WriteLine($"silo {settings.Name}: {settings.Workers} worker(s), listening on {settings.Address}:{settings.Port} (gateway {settings.Port + 1}), " +
            $"cluster '{cluster.ClusterId}' at {cluster.Membership}{(cluster.Certificate is null ? "" : ", TLS")}; Ctrl+C stops it");
        await host.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
        status.WriteLine($"silo {settings.Name}: stopped");
    }

    private static string FirstLine(Exception e)
    {
        while (e.InnerException is not null && e is AggregateException or OperationCanceledException)
        {
            e = e.InnerException;
        }
        return e.Message.Split('\n')[0].Trim();
    }
}
