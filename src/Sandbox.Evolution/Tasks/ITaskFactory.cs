using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tasks;

/// <summary>Builds the tasks of one kind (<c>control</c>, <c>classification</c>) from run configs.</summary>
public interface ITaskFactory
{
    /// <summary>The <c>task</c> value this factory serves.</summary>
    string Kind { get; }

    /// <summary>Checks the task-specific parts of <paramref name="config"/>; one line per problem, naming the key.</summary>
    IEnumerable<string> Validate(RunConfig config);

    /// <summary>One line about the task a valid config describes (network, search parameters, physics or dataset), without building it.</summary>
    string Describe(RunConfig config);

    /// <summary>
    /// Makes sure what a valid config's task needs is available before a run starts (a dataset fetched, say), so
    /// a missing piece is one clear error and not a failure inside the run.
    /// </summary>
    void Prepare(RunConfig config);

    /// <summary>Builds the task (the config is valid).</summary>
    IEvaluationTask Create(RunConfig config);
}
