using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sandbox.Cluster.Tests;

/// <summary>
/// Processes a test starts on 127.0.0.1 (redis-server, silos, runs); everything is killed on dispose, so a
/// failing assertion never leaves a silo or a Redis behind. Test classes that use it share the collection named
/// after it, so their clusters never run at once (two cores; localhost clustering has fixed ports).
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    public const string Secret = "test-secret-0123456789abcdef";
    private readonly List<Process> _processes = [];
    private readonly Dictionary<Process, StringBuilder> _output = [];

    public LocalCluster()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sandbox-cluster-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Scratch working directory (runs go to runs/ under it).</summary>
    public string Directory { get; }

    public string ClusterId { get; } = "t" + Guid.NewGuid().ToString("N")[..8];

    public int RedisPort { get; private set; }

    /// <summary>Orleans' development clustering (<c>--cluster localhost</c>) instead of Redis membership.</summary>
    public bool Localhost { get; init; }

    /// <summary>Put in every started process's <c>SANDBOX_TLS_PASSWORD</c> (none when null).</summary>
    public string? TlsPassword { get; set; }

    public string Membership => Localhost ? "localhost" : $"redis://127.0.0.1:{RedisPort}";

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Starts redis-server on a free loopback port (data kept in the scratch directory, so a restart keeps it).</summary>
    public Process StartRedis(int? port = null)
    {
        RedisPort = port ?? FreePort(1);
        var redis = Start("redis-server", ["--port", RedisPort.ToString(), "--bind", "127.0.0.1", "--dir", Directory, "--save", "3600 1", "--appendonly", "no", "--protected-mode", "yes"], null);
        WaitFor(redis, "Ready to accept connections", TimeSpan.FromSeconds(30));
        return redis;
    }

    /// <summary>Starts a silo with one worker (on a free port unless <paramref name="port"/> says) and waits until it has joined.</summary>
    public Process StartSilo(string name, string? fault = null, string secret = Secret, bool wait = true, int? port = null, IEnumerable<string>? extra = null)
    {
        List<string> args = ["silo", "--cluster", Membership, "--cluster-id", ClusterId, "--workers", "1", "--port", (port ?? FreePort(2)).ToString(), "--name", name];
        if (fault is not null)
        {
            args.AddRange(["--test-fault", fault]);
        }
        args.AddRange(extra ?? []);
        var silo = StartCli(args, secret);
        if (wait)
        {
            WaitFor(silo, "listening on", TimeSpan.FromSeconds(90));
        }
        return silo;
    }

    /// <summary>Starts <c>sandbox ARGS</c> with the cluster secret in the environment.</summary>
    public Process StartCli(IEnumerable<string> args, string? secret = Secret) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "Sandbox.Cli.dll"), .. args], secret);

    /// <summary>Runs <c>sandbox ARGS</c> to its end.</summary>
    public (int ExitCode, string Output) RunCli(IEnumerable<string> args, string? secret = Secret, double minutes = 4)
    {
        var process = StartCli(args, secret);
        if (!process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            throw new TimeoutException($"sandbox {string.Join(' ', args)} did not finish:\n{Output(process)}");
        }
        process.WaitForExit();
        return (process.ExitCode, Output(process));
    }

    public string Output(Process process)
    {
        lock (_output[process])
        {
            return _output[process].ToString();
        }
    }

    /// <summary>Waits until the process printed <paramref name="text"/>.</summary>
    public void WaitFor(Process process, string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output(process).Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"'{text}' never came ({(process.HasExited ? $"exited {process.ExitCode}" : "timed out")}):\n{Output(process)}");
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>Waits until a file contains <paramref name="text"/>.</summary>
    public static void WaitForFile(string path, string text, TimeSpan timeout, Process watched)
    {
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(path) && ReadShared(path).Contains(text, StringComparison.Ordinal)))
        {
            if (watched.HasExited || clock.Elapsed > timeout)
            {
                throw new InvalidOperationException($"'{text}' never appeared in {path}");
            }
            Thread.Sleep(100);
        }
    }

    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }

    private Process Start(string file, IEnumerable<string> args, string? secret)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["SANDBOX_HOME"] = RepoRoot;
        start.Environment.Remove("SANDBOX_CLUSTER_SECRET");
        if (secret is not null)
        {
            start.Environment["SANDBOX_CLUSTER_SECRET"] = secret;
        }
        start.Environment.Remove("SANDBOX_TLS_PASSWORD");
        if (TlsPassword is not null)
        {
            start.Environment["SANDBOX_TLS_PASSWORD"] = TlsPassword;
        }
        var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        _output[process] = output;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes)
        {
            _processes.Add(process);
        }
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>A port p with p..p+count-1 free on loopback.</summary>
    public static int FreePort(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            if (port + count < 65535 && Enumerable.Range(port, count).All(IsFree))
            {
                return port;
            }
        }
        throw new InvalidOperationException("no free loopback ports");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal (SIGKILL 9, SIGSTOP 19, SIGTERM 15) to a process.</summary>
    public static void Signal(Process process, int signal) =>
        Process.Start("kill", [$"-{signal}", process.Id.ToString()])!.WaitForExit();

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true); // SIGKILL also ends a stopped process
                        process.WaitForExit(5000);
                    }
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
                process.Dispose();
            }
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a process may still hold a file for a moment; the temp directory is cleaned eventually
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sandbox.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("tests must run inside the repository");
    }
}
