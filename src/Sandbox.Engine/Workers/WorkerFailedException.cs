namespace Sandbox.Engine.Workers;

/// <summary>A worker crashed, hung, or broke the protocol; its slot is refilled.</summary>
public sealed class WorkerFailedException(string message, Exception? inner = null) : Exception(message, inner);
