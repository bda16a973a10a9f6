namespace Sandbox.Cli.Commands;

/// <summary>Bad input from the command line; reported as one line with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
