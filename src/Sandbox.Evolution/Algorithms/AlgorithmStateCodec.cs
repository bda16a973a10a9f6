using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>MessagePack encoding of algorithm states; bytes from checkpoints and pipes are treated as untrusted.</summary>
internal static class AlgorithmStateCodec
{
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Encode<T>(T state) => MessagePackSerializer.Serialize(state, Options);

    public static T Decode<T>(byte[] bytes, string what)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, Options) ?? throw new InvalidDataException($"empty {what} state");
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"unreadable {what} state: {e.Message}", e);
        }
    }
}
