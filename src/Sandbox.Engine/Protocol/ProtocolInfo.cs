namespace Sandbox.Engine.Protocol;

/// <summary>Protocol constants shared by both ends.</summary>
public static class ProtocolInfo
{
    /// <summary>Bumped whenever a message changes shape or meaning; peers with another version refuse each other (3: shaped noise terms).</summary>
    public const int Version = 3;

    /// <summary>Largest frame either end accepts (the initial state of a large ES policy fits easily).</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;
}
