namespace Sandbox.Core.Files;

/// <summary>A Sandbox file that cannot be opened; the message is one line naming the file and what is wrong.</summary>
public sealed class EnvelopeException(string message, FileKind? foreignKind = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>When the file is another known kind of Sandbox file, that kind.</summary>
    public FileKind? ForeignKind { get; } = foreignKind;
}
