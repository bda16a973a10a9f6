using MessagePack;
using Sandbox.Core.Perturbations;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Candidates;

namespace Sandbox.Engine.Tests;

/// <summary>Protocol 3: shaped noise terms travel with their shape; unshaped descriptors keep an empty shape list.</summary>
public sealed class ShapedNoiseWireTests
{
    private static readonly NoiseKey Key = new(11, NoiseKey.SearchStream, 2, 5);

    private static CandidateDescriptor RoundTrip(CandidateDescriptor d)
    {
        var bytes = MessagePackSerializer.Serialize(WireMapping.ToWire(d));
        return WireMapping.FromWire(MessagePackSerializer.Deserialize<CandidateWire>(bytes), 11);
    }

    [Fact]
    public void Shaped_and_unshaped_terms_round_trip()
    {
        var mixed = new CandidateDescriptor(4, 0, [new NoiseTerm(Key, 0.5f), new NoiseTerm(Key with { Member = 6 }, -1f, NoiseDistribution.Gaussian, 1)], 2, 7);
        Assert.Equal(mixed, RoundTrip(mixed));
        Assert.Equal([-1, 1], WireMapping.ToWire(mixed).Shapes);
        var plain = CandidateDescriptor.Perturbed(4, 0, Key, 0.5f);
        Assert.Empty(WireMapping.ToWire(plain).Shapes);
        Assert.Equal(plain, RoundTrip(plain));
    }

    [Theory]
    [InlineData(new[] { -2 }, "invalid noise shape")]
    [InlineData(new[] { 1, 1 }, "malformed descriptor")]
    public void Bad_shapes_from_a_peer_are_refused(int[] shapes, string problem)
    {
        var wire = WireMapping.ToWire(CandidateDescriptor.Perturbed(0, 0, Key, 1f));
        wire.Shapes = shapes;
        var e = Assert.Throws<ProtocolException>(() => WireMapping.FromWire(wire, 11));
        Assert.Contains(problem, e.Message);
    }
}
