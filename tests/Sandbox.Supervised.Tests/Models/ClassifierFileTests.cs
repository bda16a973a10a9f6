using System.Security.Cryptography;
using Sandbox.Core.Files;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Networks;

namespace Sandbox.Supervised.Tests.Models;

public sealed class ClassifierFileTests
{
    private static ClassifierModel Dense() => new()
    {
        Dataset = "mnist",
        Architecture = new MlpArchitecture(784, [8], 10, bias: true, Activation.Relu),
        Family = PolicyFamily.Dense,
        Parameters = Enumerable.Range(0, 784 * 8 + 8 + 8 * 10 + 10).Select(i => (float)Math.Sin(i)).ToArray(),
        Provenance = new ArtifactProvenance { Config = "{}", Algorithm = "es", Seed = 1, Generation = 3, Fitness = -0.5, Validation = 0.9, Work = 100, Producer = "test" },
    };

    [Fact]
    public void A_model_round_trips_field_for_field()
    {
        var model = Dense();
        var back = ClassifierFile.FromBytes(ClassifierFile.ToBytes(model), "m");
        Assert.Equal(model.Dataset, back.Dataset);
        Assert.Equal(model.Architecture, back.Architecture);
        Assert.Equal(model.Parameters, back.Parameters);
        Assert.Equal(model.Provenance, back.Provenance);
    }

    [Fact]
    public void A_damaged_payload_with_a_recomputed_checksum_is_one_clear_error()
    {
        var bytes = ClassifierFile.ToBytes(Dense());
        int payload = bytes.Length - FileEnvelope.HeaderLength - FileEnvelope.DigestLength;
        var rng = new System.Random(4);
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[FileEnvelope.HeaderLength + rng.Next(Math.Min(payload, 64))] ^= (byte)(1 << rng.Next(8));
            SHA256.HashData(damaged.AsSpan(0, bytes.Length - FileEnvelope.DigestLength), damaged.AsSpan(bytes.Length - FileEnvelope.DigestLength));
            try
            {
                ClassifierFile.FromBytes(damaged, "damaged.model");
            }
            catch (ClassifierFileException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.Contains("damaged.model", e.Message);
                refused++;
            }
        }
        Assert.True(refused > 0, "flipping bits in the payload's first bytes (dataset, shape) must be caught sometimes");
    }

    [Fact]
    public void A_policy_file_is_refused_with_a_hint_to_replay_it()
    {
        var policyBytes = FileEnvelope.Wrap(FileKind.Policy, [0x90]);
        var e = Assert.Throws<ClassifierFileException>(() => ClassifierFile.FromBytes(policyBytes, "p.policy"));
        Assert.Contains("policy file", e.Message);
        Assert.Contains("replay", e.Message);
    }
}
