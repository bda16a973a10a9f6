using MessagePack;

namespace Sandbox.Cluster.Protocol;

/// <summary>A silo's answer to a client's hello: what it runs and how many evaluation workers it hosts, or why it refuses.</summary>
[MessagePackObject]
public sealed class SiloDescription
{
    /// <summary>The silo's combined protocol version (<see cref="ClusterProtocol.Combined"/>).</summary>
    [Key(0)] public int ProtocolVersion { get; set; }
    /// <summary>Evaluation workers (grains evaluating at once) on the silo.</summary>
    [Key(1)] public int Workers { get; set; }
    /// <summary>The silo's name (for logs and the live view).</summary>
    [Key(2)] public string Name { get; set; } = "";
    /// <summary>The silo's process id.</summary>
    [Key(3)] public int ProcessId { get; set; }
    /// <summary>Why the silo refuses this client (null when it accepts).</summary>
    [Key(4)] public string? Refusal { get; set; }

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes the description.</summary>
    public byte[] ToBytes() => MessagePackSerializer.Serialize(this, Options);

    /// <summary>Reads a description from a peer.</summary>
    /// <exception cref="Engine.Protocol.ProtocolException">Unreadable bytes.</exception>
    public static SiloDescription FromBytes(byte[] bytes)
    {
        try
        {
            return MessagePackSerializer.Deserialize<SiloDescription>(bytes, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new Engine.Protocol.ProtocolException($"unreadable silo description ({e.Message})", e);
        }
    }
}
