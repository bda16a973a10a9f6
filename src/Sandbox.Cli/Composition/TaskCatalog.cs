using Sandbox.Core.Environments;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cli.Composition;

/// <summary>The registry of every task kind this program offers, over the shipped environments.</summary>
public static class TaskCatalog
{
    /// <summary>Builds a task registry on <paramref name="environments"/>.</summary>
    public static TaskRegistry Create(EnvironmentRegistry environments) =>
        new TaskRegistry().Add(new ControlTaskFactory(environments));
}
