using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sandbox.Engine.Workers;

/// <summary>
/// Ends a worker process as soon as the engine that started it is gone. A worker notices a closed input only
/// when it next reads, which can be minutes away in a long batch; an engine killed with SIGKILL must not leave
/// workers computing for nobody. The worker's parent is the engine, so a changed parent pid (the orphan was
/// re-parented) means the engine died.
/// </summary>
public static partial class EngineWatchdog
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Starts watching (Linux only; elsewhere the closed input still ends the worker at its next read).</summary>
    public static void Start(TextWriter log)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        int engine = GetParentProcessId();
        var thread = new Thread(() =>
        {
            while (GetParentProcessId() == engine)
            {
                Thread.Sleep(Interval);
            }
            log.WriteLine($"worker {Environment.ProcessId}: the engine (pid {engine}) is gone; exiting");
            log.Flush();
            Process.GetCurrentProcess().Kill(); // at once: no batch result can reach anyone any more
        })
        {
            IsBackground = true,
            Name = "engine watchdog",
        };
        thread.Start();
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
