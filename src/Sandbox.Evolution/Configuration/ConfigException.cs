namespace Sandbox.Evolution.Configuration;

/// <summary>A configuration that cannot be used; the message is one line naming the file, key and problem.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
