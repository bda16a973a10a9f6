using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Evolution.Configuration;
using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests.Configuration;

/// <summary>The README's config table and the config records describe the same keys.</summary>
public sealed partial class ConfigDocumentationTests
{
    [Fact]
    public void Every_config_key_is_documented_in_the_readme_and_every_documented_key_exists()
    {
        string readme = File.ReadAllText(Path.Combine(CliProcess.RepoRoot, "README.md"));
        int start = readme.IndexOf("## Configs", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var documented = new HashSet<string>();
        foreach (var line in readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            string keys = line.Split('|')[1];
            foreach (Match m in BacktickedKey().Matches(keys))
            {
                documented.Add(m.Groups[1].Value);
            }
        }
        var actual = Keys(typeof(RunConfig), "").ToHashSet();
        Assert.Empty(actual.Except(documented).Order());
        Assert.Empty(documented.Except(actual).Order());
    }

    /// <summary>The JSON keys of a config record: nested sections as "section.key".</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string name = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            if (p.PropertyType.Namespace == typeof(RunConfig).Namespace && p.PropertyType.IsClass)
            {
                foreach (var key in Keys(p.PropertyType, name + "."))
                {
                    yield return key;
                }
            }
            else
            {
                yield return name;
            }
        }
    }

    [GeneratedRegex("`([a-z0-9_]+(\\.[a-z0-9_]+)?)`")]
    private static partial Regex BacktickedKey();
}
