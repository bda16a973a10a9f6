using CsCheck;
using Sandbox.Policies.Files;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;

namespace Sandbox.Policies.Tests.Files;

public sealed class PolicyFileTests
{
    internal static Policy CartPoleMask(int seed = 1)
    {
        var arch = new MlpArchitecture(4, [64, 64], 2, bias: false);
        var rng = new System.Random(seed);
        var mask = new bool[arch.WeightCount];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.Next(2) == 1;
        }
        return new Policy
        {
            EnvId = "CartPole-v1",
            Architecture = arch,
            DiscreteActions = true,
            Family = PolicyFamily.Supermask,
            Init = WeightInit.KaimingNormal,
            WeightSeed = 42,
            Mask = mask,
            Provenance = new Provenance
            {
                Config = """{"env":"CartPole-v1","algorithm":"supermask","seed":1,"generations":100,"population":64,"episodes":5}""",
                Algorithm = "supermask",
                Seed = 1,
                Generation = 12,
                Fitness = 500,
                ValidationReturn = 499.5,
                EnvSteps = 123456,
                Physics = "closed-form cart-pole equations",
                Producer = "Sandbox test",
            },
        };
    }

    private static Policy DenseWithNormalizer()
    {
        var arch = new MlpArchitecture(8, [16], 2, bias: true);
        var p = new float[arch.ParameterCount];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = i * 0.01f - 1;
        }
        return new Policy
        {
            EnvId = "LunarLanderContinuous-v3",
            Architecture = arch,
            DiscreteActions = false,
            Family = PolicyFamily.Dense,
            Parameters = p,
            Normalizer = new ObservationNormalizer(new float[8], Enumerable.Repeat(2f, 8).ToArray()),
        };
    }

    [Fact]
    public void Supermask_round_trip_keeps_every_field_and_is_small()
    {
        var policy = CartPoleMask();
        var bytes = PolicyFile.ToBytes(policy);
        Assert.True(bytes.Length < 2048, $"CartPole supermask file is {bytes.Length} bytes");
        var back = PolicyFile.FromBytes(bytes, "test");
        Assert.Equal(policy.EnvId, back.EnvId);
        Assert.Equal(policy.Architecture, back.Architecture);
        Assert.Equal(policy.Mask, back.Mask);
        Assert.Equal(policy.Init, back.Init);
        Assert.Equal(policy.WeightSeed, back.WeightSeed);
        Assert.Equal(policy.Provenance, back.Provenance);
        Assert.True(back.DiscreteActions);
        Assert.Equal(bytes, PolicyFile.ToBytes(back));
    }

    [Fact]
    public void Dense_round_trip_keeps_parameters_and_normalisation()
    {
        var policy = DenseWithNormalizer();
        var back = PolicyFile.FromBytes(PolicyFile.ToBytes(policy), "test");
        Assert.Equal(policy.Parameters, back.Parameters);
        Assert.Equal(policy.Normalizer!.Std, back.Normalizer!.Std);
        Assert.False(back.DiscreteActions);
        Assert.Null(back.Provenance.ValidationReturn);
    }

    [Fact]
    public void Random_corruptions_are_always_rejected_with_a_policy_file_error()
    {
        var original = PolicyFile.ToBytes(CartPoleMask());
        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Int[1, 8], Gen.Byte, Gen.Int[0, 3]).Sample((position, count, value, kind) =>
        {
            var bytes = (byte[])original.Clone();
            switch (kind)
            {
                case 0: // overwrite a run of bytes
                    bool changed = false;
                    for (int i = position; i < Math.Min(bytes.Length, position + count); i++)
                    {
                        byte next = (byte)(value + i);
                        changed |= bytes[i] != next;
                        bytes[i] = next;
                    }
                    if (!changed)
                    {
                        bytes[position] ^= 0x40;
                    }
                    break;
                case 1: // flip one bit
                    bytes[position] ^= (byte)(1 << (value & 7));
                    break;
                case 2: // truncate
                    bytes = bytes[..position];
                    break;
                default: // append
                    bytes = [.. bytes, .. Enumerable.Repeat(value, count)];
                    break;
            }
            Assert.Throws<PolicyFileException>(() => PolicyFile.FromBytes(bytes, "corrupt"));
        }, iter: 5000);
    }

    [Fact]
    public void Foreign_files_and_other_versions_are_named_as_such()
    {
        var e = Assert.Throws<PolicyFileException>(() => PolicyFile.FromBytes("{\"not\":\"a policy\"}"u8, "x.json"));
        Assert.Contains("not a Sandbox policy file", e.Message);
        var bytes = PolicyFile.ToBytes(CartPoleMask());
        bytes[8] = 9;
        e = Assert.Throws<PolicyFileException>(() => PolicyFile.FromBytes(bytes, "v9"));
        Assert.Contains("format version 9", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_missing_file_is_one_clear_error()
    {
        var e = Assert.Throws<PolicyFileException>(() => PolicyFile.Load("/nonexistent/dir/p.policy"));
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void Save_is_atomic_and_replaces_existing_files()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sandbox-tests", Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "p.policy");
        PolicyFile.Save(CartPoleMask(1), path);
        PolicyFile.Save(CartPoleMask(2), path);
        Assert.Equal(CartPoleMask(2).Mask, PolicyFile.Load(path).Mask);
        Assert.Single(Directory.GetFiles(dir));
    }
}
