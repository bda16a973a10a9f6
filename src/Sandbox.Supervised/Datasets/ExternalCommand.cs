using System.ComponentModel;
using System.Diagnostics;

namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Runs a program with an argument list (no shell), waits a bounded time, and passes each line it prints to a
/// log; used for npm and apt-get. A program that is not installed gives <see cref="Outcome.NotFound"/>.
/// </summary>
internal static class ExternalCommand
{
    /// <summary>What a run came to: its exit code (−1 if killed), its last stderr line, or that it was not found.</summary>
    internal readonly record struct Outcome(int ExitCode, string LastError, bool NotFound, bool TimedOut)
    {
        public bool Succeeded => !NotFound && !TimedOut && ExitCode == 0;
    }

    public static Outcome Run(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout,
        IProgress<string>? log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{program} did not start");
        }
        catch (Win32Exception)
        {
            return new Outcome(-1, $"{program} not found", NotFound: true, TimedOut: false);
        }
        using (process)
        {
            string lastError = "";
            var gate = new object();
            process.OutputDataReceived += (_, e) => Forward(e.Data, log, gate, ref lastError, isError: false);
            process.ErrorDataReceived += (_, e) => Forward(e.Data, log, gate, ref lastError, isError: true);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new Outcome(-1, $"{program} did not finish within {timeout.TotalMinutes:0} minutes", NotFound: false, TimedOut: true);
            }
            process.WaitForExit(); // drains the asynchronous readers
            lock (gate)
            {
                return new Outcome(process.ExitCode, lastError, NotFound: false, TimedOut: false);
            }
        }
    }

    private static void Forward(string? line, IProgress<string>? log, object gate, ref string lastError, bool isError)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        log?.Report($"  {line.TrimEnd()}");
        if (isError)
        {
            lock (gate)
            {
                lastError = line.Trim();
            }
        }
    }
}
