using System.Runtime.InteropServices;

namespace Sandbox.Cli.Commands;

/// <summary>
/// Turns the first Ctrl+C or SIGTERM into a cancellation the training loop checks between minibatches (so it can
/// save); a second Ctrl+C ends the process at once.
/// </summary>
public sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _term;

    /// <summary>Starts listening.</summary>
    public InterruptSignal()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _source.Cancel();
        });
    }

    /// <summary>Set once a stop was asked for.</summary>
    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested)
        {
            return; // second Ctrl+C: let the process end
        }
        e.Cancel = true;
        Console.Error.WriteLine("stopping after this minibatch; saving (Ctrl+C again to quit at once)");
        _source.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _term.Dispose();
        _source.Dispose();
    }
}
