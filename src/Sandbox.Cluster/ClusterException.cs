namespace Sandbox.Cluster;

/// <summary>A cluster that cannot be used as asked (unreachable membership, wrong secret, another version): one line for the user.</summary>
public sealed class ClusterException(string message, Exception? inner = null) : Exception(message, inner);
