namespace Sandbox.Supervised.Models;

/// <summary>A classifier model file that cannot be used; the message is one line naming the file and what is wrong.</summary>
public sealed class ClassifierFileException(string message, Exception? inner = null) : Exception(message, inner);
