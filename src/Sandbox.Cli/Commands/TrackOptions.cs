using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sandbox.Cli.Composition;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;

namespace Sandbox.Cli.Commands;

/// <summary>The options <c>train</c> and <c>bench &lt;track&gt;</c> share, and how they resolve into a <see cref="TrackConfig"/>.</summary>
public sealed class TrackOptions
{
    /// <summary>--dataset.</summary>
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "mnist, fashion-mnist or cifar10 (default mnist, or the config's)" };
    /// <summary>--preset.</summary>
    public Option<string> Preset { get; } = new("--preset") { Description = "cpu (about 10 minutes per run on 2 cores) or paper (the paper's full recipe)", DefaultValueFactory = _ => "cpu" };
    /// <summary>--config.</summary>
    public Option<string?> Config { get; } = new("--config") { Description = "Track config (JSON, snake_case keys as in runs/<name>/config.json) instead of the preset" };
    /// <summary>--epochs.</summary>
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Training epochs" };
    /// <summary>--seed.</summary>
    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Run seed (bench: the first seed)" };
    /// <summary>--device.</summary>
    public Option<string> Device { get; } = new("--device") { Description = "cpu (this build is TorchSharp-cpu; cuda needs a CUDA build of libtorch)", DefaultValueFactory = _ => "cpu" };
    /// <summary>--threads.</summary>
    public Option<int?> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads (default 2; results are reproducible for a given count)" };
    /// <summary>--set.</summary>
    public Option<string[]> Set { get; } = new("--set") { Description = "Override a config key: --set keep=0.3 --set init=kaiming-normal (repeatable)", AllowMultipleArgumentsPerToken = false };
    /// <summary>--data-dir.</summary>
    public Option<string?> DataDirectory { get; } = new("--data-dir") { Description = "Directory of CIFAR-10's binary batches (default $SANDBOX_CIFAR10)" };
    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as one JSON object per line (progress goes to stderr)" };

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, Preset, Config, Epochs, Seed, Device, Threads, Set, DataDirectory, Json })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options that change the config (refused with --resume).</summary>
    public IEnumerable<Option> ConfigOptions => [Dataset, Preset, Config, Epochs, Seed, Threads, Set];

    /// <summary>The preset or --config file with every override applied, validated for <paramref name="track"/>.</summary>
    public TrackConfig Resolve(ParseResult parse, ITrack track)
    {
        CheckDevice(parse);
        string preset = parse.GetValue(Preset)!;
        if (preset is not ("cpu" or "paper"))
        {
            throw new UsageException($"--preset must be cpu or paper (got '{preset}')");
        }
        string? dataset = parse.GetValue(Dataset);
        TrackConfig config;
        if (parse.GetValue(Config) is { } path)
        {
            config = TrackConfig.Load(path);
            if (config.Track != track.Name)
            {
                throw new UsageException($"--config '{path}' is a {config.Track} config, not {track.Name}");
            }
        }
        else
        {
            config = track.Defaults(preset, DatasetCatalog.Default.Find(dataset ?? "mnist").Name);
        }
        config = config with
        {
            Dataset = dataset is null ? config.Dataset : DatasetCatalog.Default.Find(dataset).Name,
            Epochs = parse.GetValue(Epochs) ?? config.Epochs,
            Seed = parse.GetValue(Seed) ?? config.Seed,
            Threads = parse.GetValue(Threads) ?? config.Threads,
        };
        config = ApplySets(config, parse.GetValue(Set) ?? []);
        var problems = track.Validate(config);
        if (problems.Count > 0)
        {
            throw new TrackConfigException($"invalid {track.Name} configuration: {problems[0]}");
        }
        return config;
    }

    /// <summary>Only the CPU is available in this build: anything else is one line, exit 2.</summary>
    public void CheckDevice(ParseResult parse)
    {
        string device = parse.GetValue(Device)!;
        if (device != "cpu")
        {
            throw new UsageException($"--device {device}: this build uses TorchSharp-cpu, so training runs on the cpu only; use --device cpu");
        }
    }

    /// <summary>Dataset options for the command line (progress on stderr, --data-dir for CIFAR-10).</summary>
    public DatasetOptions DatasetOptions(ParseResult parse)
    {
        var options = DatasetCatalogOptions.ForCli();
        return parse.GetValue(DataDirectory) is { } directory ? options with { Cifar10Directory = directory } : options;
    }

    /// <summary>Applies key=value overrides through the config's JSON form, so every key and its checks are the file's.</summary>
    internal static TrackConfig ApplySets(TrackConfig config, IEnumerable<string> sets)
    {
        var node = JsonNode.Parse(config.ToJson())!.AsObject();
        foreach (string set in sets)
        {
            int eq = set.IndexOf('=');
            if (eq <= 0)
            {
                throw new UsageException($"--set takes key=value (got '{set}')");
            }
            string key = set[..eq].Trim().Replace('-', '_');
            string value = set[(eq + 1)..].Trim();
            if (!node.ContainsKey(key))
            {
                throw new UsageException($"--set {key}: unknown config key; keys are {string.Join(", ", node.Select(p => p.Key))}");
            }
            node[key] = node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonValue.Create(value) : ParseValue(key, value);
        }
        return TrackConfig.FromJson(node.ToJsonString(), "--set");
    }

    private static JsonNode ParseValue(string key, string value)
    {
        try
        {
            return JsonNode.Parse(value) ?? throw new UsageException($"--set {key}: null is not a value");
        }
        catch (JsonException)
        {
            throw new UsageException($"--set {key}={value}: expected a number or true/false");
        }
    }

    /// <summary>"97.15 %" or "-" for a missing value.</summary>
    public static string Percent(double? value) => value is { } v && double.IsFinite(v) ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:0.00} %") : "-";
}
