using System.CommandLine;
using Sandbox.Cli.Commands;
using Sandbox.Cli.Composition;
using Sandbox.Core.Environments;
using Sandbox.Evolution.Configuration;
using Sandbox.Policies.Files;
using Sandbox.Tensors.Loading;

namespace Sandbox.Cli;

/// <summary>Entry point: parse, dispatch, and turn every known failure into one line and an exit code.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main(string[] args)
    {
        var registry = EnvironmentCatalog.Create();
        var tasks = TaskCatalog.Create(registry);
        var root = new RootCommand("Sandbox: gradient-free learning — evolve policies and classifiers (supermask, ES), replay and evaluate them, benchmark the core")
        {
            EvolveCommand.Create(tasks),
            ReplayCommand.Create(registry),
            EnvsCommand.Create(registry),
            BenchCommand.Create(registry, tasks),
            NoiseCommand.Create(),
            RolloutCommand.Create(registry),
            WorkerModeCommand.Create(tasks),
            EvalCommand.Create(),
            PlotCommand.Create(),
            SiloCommand.Create(tasks),
            TrainCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unknown command says so (rather than "Required command was not provided"); one line even when
            // the parser lists alternatives on lines of their own.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            string help = string.Join(' ', ["sandbox", .. CommandPath(parse), "--help"]);
            Console.Error.WriteLine($"error: {Core.Text.Quoted.Message(error.Message)} (see '{help}')");
            return ExitCodes.BadInput;
        }
        try
        {
            // Signals are left to the command: evolve's host stops at a generation boundary on Ctrl+C / SIGTERM.
            var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return parse.InvokeAsync(invocation).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            // Ctrl+C, SIGTERM or the time limit before anything could be saved: an interruption, not a crash.
            Console.Error.WriteLine($"stopped: {e.Message}");
            return ExitCodes.Interrupted;
        }
        catch (Evolution.Evaluation.EvaluationFailedException e)
        {
            // A failure that repeated on fresh workers: their own error, once, and the run's checkpoint is written.
            Console.Error.WriteLine($"error: {e.Message}");
            return e.BadInput ? ExitCodes.BadInput : ExitCodes.Failure;
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            Console.Error.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            // One line, like every other failure (scripts and --json readers take the last stderr line).
            bool debug = Environment.GetEnvironmentVariable("SANDBOX_DEBUG") == "1";
            Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {Core.Text.Quoted.Message(e.Message)}{(debug ? "" : " (set SANDBOX_DEBUG=1 for the stack trace)")}");
            if (debug)
            {
                Console.Error.WriteLine(e);
            }
            return ExitCodes.Failure;
        }
    }

    /// <summary>The one-line message of an expected failure, or null for a bug.</summary>
    internal static string? Describe(Exception e) => e switch
    {
        UsageException or ConfigException or Evolution.Control.NonFiniteActionException or PolicyFileException or UnknownEnvironmentException or TorchUnavailableException
            or Supervised.Models.ClassifierFileException or Supervised.Datasets.DatasetException or Core.Files.EnvelopeException or Cluster.ClusterException
            or Supervised.Tracks.TrackConfigException => e.Message,
        Microsoft.Extensions.Options.OptionsValidationException v => v.Message,
        // The Box2D library cannot be used (SANDBOX_BOX2D names a missing or unknown build, a stale shim).
        Envs.Box2D.Native.Box2DException { Error: Envs.Box2D.Native.Box2DError.LibraryMissing or Envs.Box2D.Native.Box2DError.VersionMismatch } b => b.Message,
        _ => null,
    };

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Parent is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }
        return names;
    }
}
