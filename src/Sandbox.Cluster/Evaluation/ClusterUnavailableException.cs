namespace Sandbox.Cluster.Evaluation;

/// <summary>No silo could evaluate for longer than the wait: the run stops at its last generation (or epoch) boundary, resumable.</summary>
public sealed class ClusterUnavailableException(string message) : OperationCanceledException(message);
