using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Protocol;

namespace Sandbox.Engine.Workers;

/// <summary>
/// One worker child process seen from the engine: its pipes, a reader that turns stdout frames into
/// messages, and its stderr forwarded to the log. Any failure surfaces as <see cref="WorkerFailedException"/>.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly Channel<(EngineMessage Message, int Bytes)> _inbox = Channel.CreateUnbounded<(EngineMessage, int)>();
    private readonly ILogger _log;
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _readFailure;
    private volatile string? _errorLine;
    private volatile string? _lastLine;

    private WorkerProcess(Process process, int index, ILogger log)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        Index = index;
        _log = log;
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>The slot this process fills.</summary>
    public int Index { get; }

    /// <summary>The child's pid.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the child in worker mode.</summary>
    public static WorkerProcess Start(WorkerCommand command, string token, int index, string? fault, ILogger log)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.ArgumentList.Add("worker");
        start.ArgumentList.Add("--token");
        start.ArgumentList.Add(token);
        start.Environment.Remove(WorkerFault.EnvironmentVariable);
        if (fault is not null)
        {
            start.Environment[WorkerFault.EnvironmentVariable] = fault;
        }
        var process = Process.Start(start) ?? throw new WorkerFailedException($"could not start worker {index}");
        var worker = new WorkerProcess(process, index, log);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                worker._errorClosed.TrySetResult();
            }
            else if (e.Data is { Length: > 0 } line)
            {
                EngineLog.WorkerOutput(log, index, process.Id, line);
                worker.Remember(line);
            }
        };
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// The worker's own account of its failure: its first <c>error:</c> line on stderr (the one line the
    /// program prints for a failure it knows, such as an unavailable device), else its last line.
    /// </summary>
    public string? Cause => _errorLine ?? _lastLine;

    private void Remember(string line)
    {
        line = line.Length > MaxCauseLength ? line[..MaxCauseLength] + "…" : line;
        if (_errorLine is null && line.StartsWith("error: ", StringComparison.Ordinal))
        {
            _errorLine = line["error: ".Length..].Replace(DebugHint, "", StringComparison.Ordinal);
        }
        else
        {
            _lastLine = line;
        }
    }

    private const int MaxCauseLength = 500;

    /// <summary>The program's pointer to its stack trace, useless in the engine's account of a worker's failure.</summary>
    private const string DebugHint = " (set SANDBOX_DEBUG=1 for the stack trace)";

    /// <summary>Sends one message; returns the frame size.</summary>
    public async Task<int> SendAsync(EngineMessage message, CancellationToken cancellation)
    {
        try
        {
            return await FrameCodec.WriteAsync(_input, message, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            bool exited = WaitForLastWords();
            string? cause = Cause;
            string why = exited ? ExitDescription() : $"is gone: {e.Message}";
            throw new WorkerFailedException($"worker {Index} (pid {ProcessId}) {why}{(cause is null ? "" : ": " + cause)}", e)
            {
                Cause = cause,
                ExitCode = exited ? _process.ExitCode : null,
            };
        }
    }

    /// <summary>Waits for the next message for at most <paramref name="timeout"/>.</summary>
    public async Task<(EngineMessage Message, int Bytes)> ReceiveAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            return await _inbox.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new WorkerFailedException($"worker {Index} (pid {ProcessId}) did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (ChannelClosedException)
        {
            // Output closes just before the process is reaped: give the exit a moment to be seen.
            bool exited = _readFailure is null && WaitForLastWords();
            string why = _readFailure is ProtocolException p ? $"sent an invalid frame: {p.Message}"
                : exited ? ExitDescription()
                : "closed its output";
            string? cause = Cause;
            throw new WorkerFailedException($"worker {Index} (pid {ProcessId}) {why}{(cause is null ? "" : ": " + cause)}", _readFailure)
            {
                Cause = cause,
                ExitCode = exited ? _process.ExitCode : null,
            };
        }
    }

    /// <summary>
    /// Gives a process whose pipes broke a moment to be seen exiting and to finish its stderr (its last words
    /// are the cause worth reporting); true when it has exited.
    /// </summary>
    private bool WaitForLastWords()
    {
        try
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        _errorClosed.Task.Wait(TimeSpan.FromSeconds(2));
        return true;
    }

    private string ExitDescription() =>
        $"exited with code {_process.ExitCode}{(_process.ExitCode > 128 ? $" (signal {_process.ExitCode - 128})" : "")}";

    private async Task ReadLoopAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (await FrameCodec.ReadAsync(output).ConfigureAwait(false) is { } frame)
            {
                await _inbox.Writer.WriteAsync(frame).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is ProtocolException or IOException or ObjectDisposedException)
        {
            _readFailure = e;
        }
        finally
        {
            _inbox.Writer.TryComplete();
        }
    }

    /// <summary>Asks the worker to exit, then makes sure it has.</summary>
    public void Stop(TimeSpan grace)
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    FrameCodec.WriteAsync(_input, new ShutdownMessage()).Wait(grace);
                }
                catch (Exception e) when (e is AggregateException or IOException or ObjectDisposedException)
                {
                    // Already gone.
                }
                if (!_process.WaitForExit(grace))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    /// <summary>Kills the process at once (SIGKILL).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
