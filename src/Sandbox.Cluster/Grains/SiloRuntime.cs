using System.Runtime.InteropServices;

namespace Sandbox.Cluster.Grains;

/// <summary>What this silo's grains share: its name, worker count, and the fault a test asked it to inject.</summary>
public sealed class SiloRuntime(string name, int workers, string? testFault)
{
    private int _batches;

    /// <summary>The silo's name.</summary>
    public string Name { get; } = name;

    /// <summary>Evaluation workers (grains) on this silo.</summary>
    public int Workers { get; } = workers;

    /// <summary>Protocol version the silo announces (a test may claim another one).</summary>
    public int ProtocolVersion { get; } = testFault == "version" ? Protocol.ClusterProtocol.Combined + 1 : Protocol.ClusterProtocol.Combined;

    /// <summary>Counts a batch and injects the test fault when its turn comes: <c>kill:N</c> (SIGKILL) or <c>stop:N</c> (SIGSTOP, a hang).</summary>
    public void OnBatch(Action<string> log)
    {
        int n = Interlocked.Increment(ref _batches);
        if (testFault is null || testFault.Split(':') is not [var kind, var at] || !int.TryParse(at, out int batch) || batch != n)
        {
            return;
        }
        int signal = kind switch { "kill" => 9, "stop" => 19, _ => 0 };
        if (signal != 0)
        {
            log($"injected fault: signal {signal} to this silo on batch {n}");
            _ = Kill(Environment.ProcessId, signal);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
