using System.CommandLine;
using System.Net;
using Sandbox.Cluster.Hosting;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox silo --cluster …</c>: a machine's evaluation workers for runs started with <c>evolve --cluster</c>.</summary>
public static class SiloCommand
{
    private static readonly ClusterOptions Cluster = new();
    private static readonly Option<int?> WorkersOption = new("--workers") { Description = "Evaluation workers on this machine (default: one per core)" };
    private static readonly Option<int> PortOption = new("--port") { Description = "Silo port (clients use the next port); two silos on one machine need different ports", DefaultValueFactory = _ => ClusterMembership.LocalhostPrimaryPort };
    private static readonly Option<string> AddressOption = new("--address") { Description = "Address to listen on and announce (default loopback; give this machine's LAN address for other machines)", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string?> NameOption = new("--name") { Description = "Silo name in logs and views (default: host name and port)" };
    private static readonly Option<string?> TestFaultOption = new("--test-fault") { Description = "Inject a fault (tests): kill:N, stop:N, version", Hidden = true };

    /// <summary>Builds the command.</summary>
    public static Command Create(TaskRegistry tasks)
    {
        var command = new Command("silo", "Host evaluation workers for runs on a cluster (Orleans silo); Ctrl+C stops it");
        foreach (var option in Cluster.All.Concat([WorkersOption, PortOption, AddressOption, NameOption, TestFaultOption]))
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, cancellation) =>
        {
            var cluster = Cluster.Resolve(parse) ?? throw new UsageException("silo needs --cluster redis://HOST:PORT or --cluster localhost");
            int workers = parse.GetValue(WorkersOption) ?? Environment.ProcessorCount;
            if (workers is < 1 or > 256)
            {
                throw new UsageException($"--workers must be between 1 and 256 (got {workers})");
            }
            int port = parse.GetValue(PortOption);
            if (port is < 1 or > 65534)
            {
                throw new UsageException($"--port must be between 1 and 65534 (got {port}; the gateway uses the next port)");
            }
            if (!IPAddress.TryParse(parse.GetValue(AddressOption), out var address))
            {
                throw new UsageException($"--address '{parse.GetValue(AddressOption)}' is not an IP address");
            }
            if (cluster.Membership.IsLocalhost && !IPAddress.IsLoopback(address))
            {
                throw new UsageException("--cluster localhost is for one machine: it listens on loopback only; use Redis membership across machines");
            }
            var settings = new SiloSettings
            {
                Cluster = cluster,
                Workers = workers,
                Port = port,
                Address = address,
                Name = parse.GetValue(NameOption) ?? $"{Environment.MachineName}:{port}",
                TestFault = parse.GetValue(TestFaultOption),
            };
            // Ctrl+C and SIGTERM reach the silo's host lifetime, which stops it cleanly.
            await ClusterSilo.RunAsync(settings, tasks, Console.Out, CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
