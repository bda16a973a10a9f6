using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sandbox.Core.Perturbations;

namespace Sandbox.Cli.Commands;

/// <summary>
/// <c>sandbox bench noise</c>: perturbation numbers per second per distribution and thread count (written into a
/// reused buffer, as PyTorch's <c>normal_</c> is measured), and the fused forms that never store the values
/// (generate-and-dot, generate-and-add).
/// </summary>
public static class NoiseBenchCommand
{
    private static readonly Option<int> CountOption = new("--count") { Description = "Elements per call (a reused buffer)", DefaultValueFactory = _ => 25_000_000 };
    private static readonly Option<string> ThreadsOption = new("--threads") { Description = "Thread counts to measure, comma-separated", DefaultValueFactory = _ => "1,2" };
    private static readonly Option<double> SecondsOption = new("--seconds") { Description = "Seconds per measurement", DefaultValueFactory = _ => 2.0 };
    private static readonly Option<bool> JsonOption = new("--json") { Description = "One JSON object with every measurement" };

    private static readonly (string Name, NoiseDistribution Distribution)[] Fills =
    [
        ("gaussian", NoiseDistribution.Gaussian),
        ("fast_gaussian", NoiseDistribution.FastGaussian),
        ("uniform", NoiseDistribution.Uniform),
        ("rademacher", NoiseDistribution.Rademacher),
        ("bernoulli", NoiseDistribution.Bernoulli),
    ];

    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("noise", "Perturbation numbers per second per distribution and thread count, and fused generate-and-dot / generate-and-add");
        foreach (var option in new Option[] { CountOption, ThreadsOption, SecondsOption, JsonOption })
        {
            command.Options.Add(option);
        }
        command.SetAction(Execute);
        return command;
    }

    private static int Execute(ParseResult parse)
    {
        int count = parse.GetValue(CountOption);
        if (count is < 1024 or > 500_000_000)
        {
            throw new UsageException($"--count must be between 1024 and 500000000 (got {count})");
        }
        double seconds = parse.GetValue(SecondsOption);
        if (!(seconds > 0 && seconds <= 600))
        {
            throw new UsageException($"--seconds must be in (0, 600] (got {seconds})");
        }
        int[] threads = BenchCommand.ParseList(parse.GetValue(ThreadsOption)!, "--threads");
        bool json = parse.GetValue(JsonOption);
        var buffer = new float[count];
        var x = new float[count];
        PerturbationGenerator.Fill(x, new NoiseKey(2, NoiseKey.SearchStream, 0, 0), 0, NoiseDistribution.Uniform);
        var key = new NoiseKey(1, NoiseKey.SearchStream, 0, 0);
        if (!json)
        {
            Console.Out.WriteLine($"noise generation, {count:N0} elements per call, {PerturbationGenerator.PathName} path, {Environment.ProcessorCount} processors");
            Console.Out.WriteLine($"{"threads",7} {"gaussian/s",14} {"fast gauss/s",14} {"uniform/s",14} {"rademacher/s",14} {"bernoulli/s",14} {"dot gauss/s",14} {"add gauss/s",14}");
        }
        var rows = new List<Dictionary<string, object>>();
        double sink = 0;
        foreach (int t in threads)
        {
            var row = new Dictionary<string, object> { ["threads"] = t };
            foreach (var (name, distribution) in Fills)
            {
                row[$"{name}_per_second"] = Rate(count, seconds, () => PerturbationGenerator.Fill(buffer, key, 0, distribution, 1f, t));
            }
            row["dot_gaussian_per_second"] = Rate(count, seconds, () => sink += PerturbationGenerator.Dot(x, key, 0, NoiseDistribution.Gaussian, 1f, t));
            row["add_gaussian_per_second"] = Rate(count, seconds, () => PerturbationGenerator.Accumulate(buffer, key, 0, NoiseDistribution.Gaussian, 1e-9f, t));
            rows.Add(row);
            if (!json)
            {
                string F(string k) => ((double)row[k]).ToString("0.000e0", CultureInfo.InvariantCulture);
                Console.Out.WriteLine($"{t,7} {F("gaussian_per_second"),14} {F("fast_gaussian_per_second"),14} {F("uniform_per_second"),14} {F("rademacher_per_second"),14} {F("bernoulli_per_second"),14} {F("dot_gaussian_per_second"),14} {F("add_gaussian_per_second"),14}");
            }
        }
        GC.KeepAlive(sink);
        var all = rows.MaxBy(r => (int)r["threads"])!;
        if (json)
        {
            var result = new Dictionary<string, object>
            {
                ["count"] = count,
                ["path"] = PerturbationGenerator.PathName,
                ["processors"] = Environment.ProcessorCount,
                ["gaussian_per_second"] = all["gaussian_per_second"],
                ["fast_gaussian_per_second"] = all["fast_gaussian_per_second"],
                ["uniform_per_second"] = all["uniform_per_second"],
                ["bernoulli_per_second"] = all["bernoulli_per_second"],
                ["dot_gaussian_per_second"] = all["dot_gaussian_per_second"],
                ["threads"] = rows,
                ["time_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(result));
        }
        return ExitCodes.Ok;
    }

    /// <summary>Elements per second of <paramref name="call"/> (one warm-up call, then calls until the time is up).</summary>
    private static double Rate(int count, double seconds, Action call)
    {
        call();
        long calls = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            call();
            calls++;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return Math.Round(calls * (double)count / clock.Elapsed.TotalSeconds);
    }
}
