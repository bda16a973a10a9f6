using System.Buffers.Binary;
using Sandbox.Engine.Protocol;

namespace Sandbox.Cluster.Protocol;

/// <summary>
/// How the engine's wire messages travel as grain call payloads: each payload is one engine frame
/// (<see cref="FrameCodec"/>), so the cluster checks sizes and shapes exactly as the pipe protocol does.
/// </summary>
public static class ClusterProtocol
{
    /// <summary>The cluster's own version (grain contracts), checked beside the engine's <see cref="ProtocolInfo.Version"/>.</summary>
    public const int Version = 1;

    /// <summary>Both versions as one number a silo and a client compare (engine × 1000 + cluster).</summary>
    public static int Combined => ProtocolInfo.Version * 1000 + Version;

    /// <summary>One message as a payload.</summary>
    public static byte[] Encode(EngineMessage message) => FrameCodec.Encode(message);

    /// <summary>A payload from a peer, checked.</summary>
    /// <exception cref="ProtocolException">Empty, truncated, oversized or unreadable payload.</exception>
    public static EngineMessage Decode(byte[]? payload)
    {
        if (payload is null || payload.Length < 5)
        {
            throw new ProtocolException("empty or truncated payload");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (length != payload.Length - 4 || length > ProtocolInfo.MaxFrameBytes)
        {
            throw new ProtocolException($"payload length {length} does not match its {payload.Length - 4} bytes");
        }
        return FrameCodec.Decode(payload[4..]);
    }

    /// <summary>A payload that must hold a <typeparamref name="T"/>.</summary>
    public static T Decode<T>(byte[]? payload) where T : EngineMessage =>
        Decode(payload) as T ?? throw new ProtocolException($"expected a {typeof(T).Name}");
}
