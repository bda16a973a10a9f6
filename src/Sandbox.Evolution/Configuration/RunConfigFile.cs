using System.Text.Json;
using System.Text.Json.Serialization;
using Sandbox.Core.Files;
using Sandbox.Core.Text;

namespace Sandbox.Evolution.Configuration;

/// <summary>Reads run configs from JSON (snake_case keys; unknown keys are errors) and writes resolved ones.</summary>
public static class RunConfigFile
{
    /// <summary>The serializer settings for config files.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">Missing file, malformed JSON, unknown key or wrong type.</exception>
    public static RunConfig Load(string path)
    {
        string shown = Quoted.Value(path);
        if (path.Length == 0)
        {
            throw new ConfigException("no config file given (empty path)");
        }
        string text;
        try
        {
            if (Directory.Exists(path))
            {
                throw new ConfigException($"config file {shown} is a directory");
            }
            if (File.Exists(path) && !RegularFiles.Is(path))
            {
                throw new ConfigException($"config file {shown} is not a regular file"); // a FIFO would block, /dev/zero never end
            }
            if (File.Exists(path) && new FileInfo(path).Length > MaxBytes)
            {
                throw new ConfigException($"config file {shown} is {new FileInfo(path).Length} bytes, more than a config can be ({MaxBytes})");
            }
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new ConfigException($"config file {shown} does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigException($"config file {shown} does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config file {shown} cannot be read: {Quoted.Message(e.Message)}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Config files larger than this are refused before reading.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>Parses config JSON; <paramref name="name"/> names the source in errors.</summary>
    public static RunConfig Parse(string json, string name)
    {
        try
        {
            var config = JsonSerializer.Deserialize<RunConfig>(json, JsonOptions)
                ?? throw new ConfigException($"config {Quoted.Value(name)} is empty (null)");
            // A null section ("evaluation": null) would fail with a NullReferenceException before validation.
            return RunConfig.NullSection(config) is { } key
                ? throw new ConfigException($"config {Quoted.Value(name)}: key '{key}' is null (leave the key out for its default)")
                : config;
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            string key = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" key {Quoted.Value(e.Path.TrimStart('$', '.'))}";
            string path = string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$', '.');
            string what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown key" + MovedKeyHint(json, path)
                : e.Message.Contains("could not be converted", StringComparison.Ordinal)
                    ? "wrong value type"
                    : "malformed JSON";
            throw new ConfigException($"config {Quoted.Value(name)}:{key}{where}: {what}", e);
        }
    }

    /// <summary>Keys that moved between versions, with where they live now.</summary>
    private static readonly (string Old, string New)[] MovedKeys =
    [
        ("es.observation_normalization", "control.observation_normalization"),
        ("evaluation.target_return", "evaluation.target"),
    ];

    private static string MovedKeyHint(string json, string path)
    {
        foreach (var (old, now) in MovedKeys)
        {
            string section = old[..old.IndexOf('.')];
            string key = old[(old.IndexOf('.') + 1)..];
            if ((path == section || path.StartsWith(section + ".", StringComparison.Ordinal)) && json.Contains($"\"{key}\"", StringComparison.Ordinal))
            {
                return $" ({old} is now {now})";
            }
        }
        return "";
    }

    /// <summary>Serializes a config (indented, snake_case).</summary>
    public static string ToJson(RunConfig config, bool indented = true) =>
        JsonSerializer.Serialize(config, indented ? JsonOptions : new JsonSerializerOptions(JsonOptions) { WriteIndented = false });
}
