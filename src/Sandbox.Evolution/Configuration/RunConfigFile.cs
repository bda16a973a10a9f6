using System.Text.Json;
using System.Text.Json.Serialization;

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
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new ConfigException($"config file '{path}' does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigException($"config file '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses config JSON; <paramref name="name"/> names the source in errors.</summary>
    public static RunConfig Parse(string json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(json, JsonOptions)
                ?? throw new ConfigException($"config '{name}' is empty (null)");
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            string key = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" key '{e.Path.TrimStart('$', '.')}'";
            string path = string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('$', '.');
            string what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown key" + MovedKeyHint(json, path)
                : e.Message.Contains("could not be converted", StringComparison.Ordinal)
                    ? "wrong value type"
                    : "malformed JSON";
            throw new ConfigException($"config '{name}':{key}{where}: {what}", e);
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
