using Sandbox.Core.Text;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tasks;

/// <summary>The task kinds a program offers; the composition root registers them (control, classification).</summary>
public sealed class TaskRegistry
{
    private readonly Dictionary<string, ITaskFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="factory"/>; returns this registry.</summary>
    public TaskRegistry Add(ITaskFactory factory)
    {
        if (!_factories.TryAdd(factory.Kind, factory))
        {
            throw new ArgumentException($"task kind '{factory.Kind}' is registered twice");
        }
        return this;
    }

    /// <summary>Registered kinds, in registration order.</summary>
    public IEnumerable<string> Kinds => _factories.Keys;

    /// <summary>The factory for <paramref name="kind"/>, if registered.</summary>
    public bool TryGet(string kind, out ITaskFactory factory) => _factories.TryGetValue(kind, out factory!);

    /// <summary>Checks the task parts of a config; one line per problem.</summary>
    public IEnumerable<string> Validate(RunConfig config) =>
        TryGet(config.Task, out var factory)
            ? factory.Validate(config)
            : [$"task: must be one of {string.Join(", ", _factories.Keys)} (got {Quoted.Value(config.Task)})"];

    /// <summary>Builds the task a (valid) config describes.</summary>
    public IEvaluationTask Create(RunConfig config) =>
        TryGet(config.Task, out var factory) ? factory.Create(config) : throw new ConfigException(Validate(config).First());
}
