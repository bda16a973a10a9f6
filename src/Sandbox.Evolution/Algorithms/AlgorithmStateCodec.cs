using MessagePack;
using Sandbox.Core.Text;

namespace Sandbox.Evolution.Algorithms;

/// <summary>MessagePack encoding of algorithm states; bytes from checkpoints and pipes are treated as untrusted.</summary>
public static class AlgorithmStateCodec
{
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes a state record.</summary>
    public static byte[] Encode<T>(T state) => MessagePackSerializer.Serialize(state, Options);

    /// <summary>Deserializes a state record; <paramref name="what"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Unreadable or empty.</exception>
    public static T Decode<T>(byte[] bytes, string what)
    {
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, Options) ?? throw new InvalidDataException($"empty {what} state");
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException($"unreadable {what} state: {Quoted.Message(e.Message)}", e);
        }
    }

    /// <summary>Whether every value is finite (a state with NaN or ∞ would silently poison a run).</summary>
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether every value is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
