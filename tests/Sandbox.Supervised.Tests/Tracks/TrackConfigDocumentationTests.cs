using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Supervised.Tracks;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>The README's track config table and <see cref="TrackConfig"/> describe the same keys.</summary>
public sealed partial class TrackConfigDocumentationTests
{
    [Fact]
    public void Every_track_config_key_is_documented_in_the_readme_and_every_documented_key_exists()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        int start = readme.IndexOf("## Supervised tracks", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no supervised tracks section");
        int end = readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var documented = new HashSet<string>();
        foreach (var line in readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            foreach (Match m in BacktickedKey().Matches(line.Split('|')[1]))
            {
                documented.Add(m.Groups[1].Value);
            }
        }
        var actual = typeof(TrackConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite).Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).ToHashSet();
        Assert.Empty(actual.Except(documented).Order());
        Assert.Empty(documented.Except(actual).Order());
    }

    [Fact]
    public void Unknown_keys_in_a_track_config_are_refused_with_their_name()
    {
        var e = Assert.Throws<TrackConfigException>(() => TrackConfig.FromJson("{\"kep\": 0.5}", "x.json"));
        Assert.Contains("kep", e.Message);
        Assert.StartsWith("x.json", e.Message);
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sandbox.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("repository root (Sandbox.sln) not found above the test binaries");
    }

    [GeneratedRegex("`([a-z0-9_]+)`")]
    private static partial Regex BacktickedKey();
}
