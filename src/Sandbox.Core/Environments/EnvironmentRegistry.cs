namespace Sandbox.Core.Environments;

/// <summary>Environment ids and their specs, in registration order.</summary>
public sealed class EnvironmentRegistry
{
    private readonly Dictionary<string, EnvironmentSpec> _byId = new(StringComparer.Ordinal);
    private readonly List<EnvironmentSpec> _ordered = [];

    /// <summary>Every registered spec.</summary>
    public IReadOnlyList<EnvironmentSpec> All => _ordered;

    /// <summary>Adds a spec; ids are unique.</summary>
    public EnvironmentRegistry Register(EnvironmentSpec spec)
    {
        if (!_byId.TryAdd(spec.Id, spec))
        {
            throw new InvalidOperationException($"environment id '{spec.Id}' is registered twice");
        }
        _ordered.Add(spec);
        return this;
    }

    /// <summary>Looks an id up.</summary>
    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EnvironmentSpec? spec) =>
        _byId.TryGetValue(id, out spec);

    /// <summary>Returns the spec of <paramref name="id"/>, or throws with the list of known ids.</summary>
    public EnvironmentSpec Get(string id) =>
        TryGet(id, out var spec)
            ? spec
            : throw new UnknownEnvironmentException(id, _ordered.ConvertAll(s => s.Id));
}
