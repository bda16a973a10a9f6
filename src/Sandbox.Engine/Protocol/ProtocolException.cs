namespace Sandbox.Engine.Protocol;

/// <summary>A peer broke the protocol: bad frame, unreadable payload, unexpected message, wrong version or token.</summary>
public sealed class ProtocolException(string message, Exception? inner = null) : Exception(message, inner);
