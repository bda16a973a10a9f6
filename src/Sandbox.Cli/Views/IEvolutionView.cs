using Sandbox.Engine.Workers;
using Sandbox.Evolution.Runs;

namespace Sandbox.Cli.Views;

/// <summary>Shows an evolution run while it executes.</summary>
public interface IEvolutionView
{
    /// <summary>Runs <paramref name="body"/>, showing each generation it reports and, if any, the worker slots.</summary>
    RunResult Show(Func<IProgress<GenerationReport>, RunResult> body, Func<IReadOnlyList<WorkerStatus>> workers);
}
