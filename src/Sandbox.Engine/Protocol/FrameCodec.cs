using System.Buffers.Binary;
using MessagePack;

namespace Sandbox.Engine.Protocol;

/// <summary>
/// Length-prefixed MessagePack frames: a 4-byte little-endian payload length, then the payload.
/// Sizes are bounded and payloads are decoded as untrusted data, so garbage is a
/// <see cref="ProtocolException"/>, never a crash or an unbounded allocation.
/// </summary>
public static class FrameCodec
{
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes a message into a whole frame.</summary>
    public static byte[] Encode(EngineMessage message)
    {
        byte[] payload = MessagePackSerializer.Serialize(message, Options);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>Writes one frame and flushes; returns the bytes written.</summary>
    public static async Task<int> WriteAsync(Stream stream, EngineMessage message, CancellationToken cancellation = default)
    {
        byte[] frame = Encode(message);
        await stream.WriteAsync(frame, cancellation).ConfigureAwait(false);
        await stream.FlushAsync(cancellation).ConfigureAwait(false);
        return frame.Length;
    }

    /// <summary>Reads one frame; null at a clean end of stream (between frames).</summary>
    /// <exception cref="ProtocolException">Truncated frame, oversized length or unreadable payload.</exception>
    public static async Task<(EngineMessage Message, int Bytes)?> ReadAsync(Stream stream, CancellationToken cancellation = default)
    {
        var header = new byte[4];
        int got = await ReadFullyAsync(stream, header, cancellation).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }
        if (got < 4)
        {
            throw new ProtocolException("stream ended inside a frame header");
        }
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length <= 0 || length > ProtocolInfo.MaxFrameBytes)
        {
            throw new ProtocolException($"invalid frame length {length} (allowed 1..{ProtocolInfo.MaxFrameBytes} bytes): not a Sandbox worker stream");
        }
        var payload = new byte[length];
        if (await ReadFullyAsync(stream, payload, cancellation).ConfigureAwait(false) < length)
        {
            throw new ProtocolException($"stream ended inside a {length}-byte frame");
        }
        return (Decode(payload), 4 + length);
    }

    /// <summary>Decodes a payload.</summary>
    public static EngineMessage Decode(byte[] payload)
    {
        try
        {
            return MessagePackSerializer.Deserialize<EngineMessage>(payload, Options)
                ?? throw new ProtocolException("empty message");
        }
        catch (MessagePackSerializationException e)
        {
            throw new ProtocolException($"unreadable message payload ({e.InnerException?.Message ?? e.Message})", e);
        }
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellation)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(total), cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }
}
