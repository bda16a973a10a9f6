namespace Sandbox.Cluster.Grains;

/// <summary>A silo's front desk (key: the silo's address): checks a client's protocol version and says how many workers the silo hosts.</summary>
[Alias("Sandbox.Cluster.ISiloGrain")]
public interface ISiloGrain : IGrainWithStringKey
{
    /// <summary>Answers a <see cref="Protocol.SiloDescription"/> (with a refusal when the versions differ).</summary>
    [Alias("Describe")]
    Task<byte[]> Describe(int clientProtocolVersion);
}
