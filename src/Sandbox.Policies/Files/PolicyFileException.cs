namespace Sandbox.Policies.Files;

/// <summary>A policy file that cannot be used; the message is one line naming the file and what is wrong.</summary>
public sealed class PolicyFileException(string message, Exception? inner = null) : Exception(message, inner);
