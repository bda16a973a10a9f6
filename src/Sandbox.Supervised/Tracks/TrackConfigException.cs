namespace Sandbox.Supervised.Tracks;

/// <summary>A track configuration that cannot be used; the message is one line saying what and where.</summary>
public sealed class TrackConfigException(string message) : Exception(message);
