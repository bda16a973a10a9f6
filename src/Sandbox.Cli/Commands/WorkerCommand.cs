using System.CommandLine;
using Sandbox.Evolution.Tasks;
using Sandbox.Engine.Workers;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox worker --token T</c>: the rollout worker the engine starts; speaks length-prefixed MessagePack on stdin/stdout.</summary>
public static class WorkerModeCommand
{
    private static readonly Option<string> TokenOption = new("--token") { Description = "Run token the engine will present", Required = true };

    /// <summary>Builds the (hidden) command.</summary>
    public static Command Create(TaskRegistry tasks)
    {
        var command = new Command("worker", "Rollout worker process (started by the engine; not for interactive use)") { Hidden = true };
        command.Options.Add(TokenOption);
        command.SetAction(async (parse, cancellation) =>
        {
            EngineWatchdog.Start(Console.Error);
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            var host = new WorkerHost(input, output, tasks, parse.GetValue(TokenOption)!, Console.Error);
            return await host.RunAsync(CancellationToken.None).ConfigureAwait(false);
        });
        return command;
    }
}
