using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Globalization;
using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;

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
    private static readonly Option<string?> TermsOption = new("--terms") { Description = "Instead: a candidate descriptor's noise terms STREAM:GENERATION:MEMBER:SCALE[:DISTRIBUTION];... (zero base, run seed --seed); prints the SHA-256 of its θ of --count parameters" };
    private static readonly Option<string?> SliceOption = new("--slice") { Description = "With --terms: the slice START:LENGTH the terms cover (default: all)" };
    private static readonly Option<string?> SparseOption = new("--sparse") { Description = "With --terms: single-parameter changes INDEX:DELTA,..." };
    private static readonly Option<NoiseDistribution> DistributionOption = new("--distribution") { Description = "Gaussian, Uniform, Rademacher or Bernoulli", DefaultValueFactory = _ => NoiseDistribution.Gaussian };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command("noise", "Print the SHA-256 of a perturbation vector (reproducibility check across processes and machines)");
        foreach (var option in new Option[] { SeedOption, StreamOption, GenerationOption, MemberOption, StartOption, CountOption, DistributionOption, TermsOption, SliceOption, SparseOption })
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
            if (parse.GetValue(TermsOption) is { } terms)
            {
                var descriptor = ParseDescriptor(parse.GetValue(SeedOption), terms, parse.GetValue(SliceOption), parse.GetValue(SparseOption));
                if (descriptor.Check(count, 0) is { } problem)
                {
                    throw new UsageException(problem);
                }
                Console.Out.WriteLine(Digest(descriptor, count));
                return ExitCodes.Ok;
            }
            var key = new NoiseKey(parse.GetValue(SeedOption), parse.GetValue(StreamOption), parse.GetValue(GenerationOption), parse.GetValue(MemberOption));
            Console.Out.WriteLine(Digest(key, start, count, parse.GetValue(DistributionOption)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Hex SHA-256 of the θ a descriptor with no parent regenerates, <paramref name="count"/> parameters long.</summary>
    public static string Digest(CandidateDescriptor descriptor, int count)
    {
        var theta = new float[count];
        descriptor.Materialize([], theta);
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(theta.AsSpan())));
    }

    /// <summary>Parses the <c>--terms</c>, <c>--slice</c> and <c>--sparse</c> forms into a descriptor with no parent.</summary>
    public static CandidateDescriptor ParseDescriptor(ulong seed, string terms, string? slice, string? sparse)
    {
        try
        {
            var parsed = terms.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(t =>
            {
                var f = t.Split(':');
                if (f.Length is < 4 or > 5)
                {
                    throw new FormatException();
                }
                var distribution = f.Length == 5 ? Enum.Parse<NoiseDistribution>(f[4], ignoreCase: true) : NoiseDistribution.Gaussian;
                return new NoiseTerm(new NoiseKey(seed, uint.Parse(f[0], CultureInfo.InvariantCulture), uint.Parse(f[1], CultureInfo.InvariantCulture),
                    uint.Parse(f[2], CultureInfo.InvariantCulture)), float.Parse(f[3], CultureInfo.InvariantCulture), distribution);
            }).ToArray();
            int start = 0, length = -1;
            if (slice is not null)
            {
                var f = slice.Split(':');
                start = int.Parse(f[0], CultureInfo.InvariantCulture);
                length = int.Parse(f[1], CultureInfo.InvariantCulture);
            }
            var changes = (sparse ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c =>
            {
                var f = c.Split(':');
                return new SparseDelta(int.Parse(f[0], CultureInfo.InvariantCulture), float.Parse(f[1], CultureInfo.InvariantCulture));
            }).ToArray();
            return new CandidateDescriptor(0, -1, parsed, start, length, changes);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            throw new UsageException("--terms STREAM:GENERATION:MEMBER:SCALE[:DISTRIBUTION];..., --slice START:LENGTH, --sparse INDEX:DELTA,... (numbers in invariant culture)");
        }
    }

    /// <summary>Hex SHA-256 of the little-endian float32 elements [start, start + count) of a vector.</summary>
    public static string Digest(NoiseKey key, long start, int count, NoiseDistribution distribution)
    {
        var values = new float[count];
        PerturbationGenerator.Fill(values, key, start, distribution);
        return Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values.AsSpan())));
    }
}
