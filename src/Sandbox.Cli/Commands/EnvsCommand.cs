using System.CommandLine;
using System.Text.Json;
using Sandbox.Core.Environments;
using Spectre.Console;

namespace Sandbox.Cli.Commands;

/// <summary><c>sandbox envs</c>: list the registered environments.</summary>
public static class EnvsCommand
{
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object per environment, one per line" };

    /// <summary>Builds the command.</summary>
    public static Command Create(EnvironmentRegistry registry)
    {
        var command = new Command("envs", "List environments with their spaces, step limits, reward thresholds and physics");
        command.Options.Add(JsonOption);
        command.SetAction(parse =>
        {
            if (parse.GetValue(JsonOption))
            {
                foreach (var spec in registry.All)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["id"] = spec.Id,
                        ["observation_space"] = spec.ObservationSpace.Describe(),
                        ["action_space"] = spec.ActionSpace.Describe(),
                        ["max_episode_steps"] = spec.MaxEpisodeSteps,
                        ["reward_threshold"] = spec.RewardThreshold,
                        ["physics"] = spec.Physics,
                        ["heuristic"] = spec.Heuristic is not null,
                    }));
                }
                return ExitCodes.Ok;
            }
            var table = new Table().Border(TableBorder.Simple);
            foreach (var column in new[] { "id", "observations", "actions", "max steps", "threshold", "physics" })
            {
                table.AddColumn(new TableColumn(column).NoWrap());
            }
            foreach (var spec in registry.All)
            {
                table.AddRow(Markup.Escape(spec.Id), Markup.Escape(Short(spec.ObservationSpace)), Markup.Escape(Short(spec.ActionSpace)),
                    spec.MaxEpisodeSteps.ToString(), spec.RewardThreshold.ToString("0.#"), Markup.Escape(spec.Physics.Split(" (")[0]));
            }
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(DescribeBox2DBuild());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"Box2D build: fast (…what the library says about itself…)", or why it cannot be loaded.</summary>
    private static string DescribeBox2DBuild()
    {
        var build = Sandbox.Envs.Box2D.Native.Box2DBuild.Selected;
        try
        {
            return $"Box2D build: {build.Name} ({Sandbox.Envs.Box2D.Native.Box2DWorld.BuildInfo}); {Sandbox.Envs.Box2D.Native.Box2DBuild.EnvironmentVariable}=debian|fast chooses";
        }
        catch (Sandbox.Envs.Box2D.Native.Box2DException e)
        {
            return $"Box2D build: {build.Name}, not loadable: {e.Message}";
        }
    }

    /// <summary>A space in a table cell: full bounds only when they are the same for every component.</summary>
    private static string Short(Sandbox.Core.Spaces.Space space)
    {
        string full = space.Describe();
        return full.Contains('[') ? $"Box({space.FlatSize},)" : full;
    }
}
