using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sandbox.Core.Perturbations;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox noise</c>: the SHA-256 of a perturbation vector, to check that two processes or machines
/// regenerate the same noise from the same (seed, stream, generation, member).
/// </summary>
public static class NoiseCommand
{
    private static readonly Option<ulong> SeedOption = new("--seed") { Description = "Run seed", DefaultValueFactory = _ => 1 };
    private static readonly Option<uint> StreamOption = new("--stream") { Description = "Stream id (3 = search noise)", DefaultValueFactory = _ => NoiseKey.SearchStream };
    private static readonly Option<uint> GenerationOption = new("--generation") { Description = "Generation", DefaultValueFactory = _ => 0 };
    private static readonly Option<uint> MemberOption = new("--member") { Description = "Population member", DefaultValueFactory = _ => 0 };
    private static readonly Option<long> StartOption = new("--start") { Description = "First element", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> CountOption = new("--count") { Description = "Number of elements", DefaultValueFactory = _ => 1_000_000 };
    private static readonly Option<NoiseDistribution> DistributionOption = new("--distribution") { Description = "Gaussian, Uniform, Rademacher or Bernoulli", DefaultValueFactory = _ => NoiseDistribution.Gaussian };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("noise", "Print the SHA-256 of a perturbation vector (reproducibility check across processes and machines)");
        foreach (var option in new Option[] { SeedOption, StreamOption, GenerationOption, MemberOption, StartOption, CountOption, DistributionOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(parse =>
        {
            int count = parse.GetValue(CountOption);
            long start = parse.GetValue(StartOption);
            if (count is < 1 or > 100_000_000 || start < 0)
            {
                throw new UsageException($"--count must be between 1 and 100000000 and --start non-negative (got {count}, {start})");
            }
            var key = new NoiseKey(parse.GetValue(SeedOption), parse.GetValue(StreamOption), parse.GetValue(GenerationOption), parse.GetValue(MemberOption));
            Console.Out.WriteLine(Digest(key, start, count, parse.GetValue(DistributionOption)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Hex SHA-256 of the little-endian float32 elements [start, start + count) of a vector.</summary>
    public static string Digest(NoiseKey key, long start, int count, NoiseDistribution distribution)
    {
        var values = new float[count];
        PerturbationGenerator.Fill(values, key, start, distribution);
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));
    }
}
