namespace Sandbox.Core.Environments;

/// <summary>Raised for an environment id that is not registered; the message lists the known ids.</summary>
public sealed class UnknownEnvironmentException(string id, IReadOnlyList<string> known)
    : Exception($"unknown environment id {Text.Quoted.Value(id)}; known ids: {string.Join(", ", known)}")
{
    /// <summary>The id that was asked for.</summary>
    public string Id { get; } = id;
}
