using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sandbox.Core.Perturbations;

namespace Sandbox.Core.Tests.Perturbations;

/// <summary>
/// Pins every existing stream bit for bit: saved policies regenerate their frozen weights from these streams, so a
/// faster generator must reproduce them exactly. The digests were taken from the generator as it was at commit
/// 943049a (before the vectorised/threaded/fused rewrite); they are the contract, not a result of the code under test.
/// </summary>
public sealed class StreamDigestTests
{
    public static TheoryData<string, ulong, uint, uint, uint, long, int, NoiseDistribution, float, string> Cases => new()
    {
        { "gaussian aligned", 1, 3, 0, 0, 0, 4096, NoiseDistribution.Gaussian, 1f, "2b7a1dac875b29d385602161e8c79c654ce99ea4255d426cd8c9b4766bffadde" },
        { "gaussian odd start", 42, 3, 7, 17, 13, 1000, NoiseDistribution.Gaussian, 1f, "3723637c42e4a1a97c3eec3e8b140ef17689a60da9767f767e400da28ab250be" },
        { "gaussian scaled, weights stream", 0xDEADBEEFCAFEUL, 1, 0, 0, 0, 101_770, NoiseDistribution.Gaussian, 0.03125f, "e8ea3265ccc5a458a4d6ad35b040a33c757178ee9966c12d71795d7aae01df3b" },
        { "gaussian far offset", 7, 4, 123456, 3, 1L << 31, 777, NoiseDistribution.Gaussian, 0.1f, "dcd8c3baa1374819c2f787403324c7a19983207b958fe1b2e3d0b29703d79679" },
        { "gaussian short", 9, 3, 1, 2, 31, 3, NoiseDistribution.Gaussian, 1f, "6c9bb5bba6ddd7aa9e8c5446850905b26172844c199109a9d958d205e1f83706" },
        { "gaussian large", 11, 3, 5, 250, 0, 300_001, NoiseDistribution.Gaussian, 1f, "4c101ac6b0accc56092552680c8ab804c2e8060f9c4faad93dd947f07f794290" },
        { "uniform odd start", 5, 3, 2, 1, 5, 10_007, NoiseDistribution.Uniform, 1f, "fbe86b6c5b6af9bed5d87f9e0b0a8fc5396c54042a5f0f9d938c446246277e19" },
        { "uniform scaled", 123, 2, 0, 0, 64, 4096, NoiseDistribution.Uniform, 0.5f, "85d465cfeedfff9dbec80f6c959ab9b834f3badf3ce1434a41ba2b4b2fb45879" },
        { "rademacher", 77, 5, 9, 9, 3, 5000, NoiseDistribution.Rademacher, 1f, "cec9b7c7f8bef412f104bcf1fe6a2e1ce26fd5a95f91a79a1e0b21a3dd193a7a" },
        { "rademacher scaled", 77, 1, 0, 4, 0, 2048, NoiseDistribution.Rademacher, 0.25f, "2da46a06d7722f3b36327f91a2dac7eaae235768c8cc7224c02963f9f08a658b" },
        { "bernoulli", 3, 3, 0, 1, 1, 9999, NoiseDistribution.Bernoulli, 1f, "222c6862bd5d49653fed240037f88a992391902b54c1d36c1a44e2c1ecdccde8" },
        { "bernoulli scaled", 3, 2, 4, 1, 100, 333, NoiseDistribution.Bernoulli, 2f, "433a0a625dc5e658dc8e947a5779e5fa47c567e26d49aea9b411a9914923cfd6" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Existing_streams_keep_their_bits(string name, ulong seed, uint stream, uint generation, uint member,
        long start, int count, NoiseDistribution distribution, float scale, string digest)
    {
        var values = new float[count];
        PerturbationGenerator.Fill(values, new NoiseKey(seed, stream, generation, member), start, distribution, scale);
        string actual = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));
        Assert.True(digest == actual, $"{name}: expected {digest}, got {actual}");
    }
}
