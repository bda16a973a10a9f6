using System.Diagnostics;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tests.Configuration;

/// <summary>Configs that used to pass validation and fail later (or never end) are refused at load or validation, in one line.</summary>
public sealed class ConfigRefusalTests
{
    [Theory]
    [InlineData("evaluation")]
    [InlineData("policy")]
    [InlineData("supermask")]
    [InlineData("es")]
    [InlineData("device")]
    [InlineData("env")]
    public void A_null_section_is_refused_when_the_file_is_read(string key)
    {
        var e = Assert.Throws<ConfigException>(() => RunConfigFile.Parse($$"""{ "{{key}}": null }""", "c.json"));
        Assert.Contains($"'{key}' is null", e.Message);
    }

    [Fact]
    public void A_network_beyond_the_parameter_bound_is_refused_with_the_bound()
    {
        var errors = new RunConfig { Policy = new PolicyConfig { Hidden = [65536, 65536] } }.Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith("policy.hidden:") && e.Contains(Policies.Networks.MlpArchitecture.MaxParameters.ToString("N0")));
        Assert.Empty(new RunConfig { Policy = new PolicyConfig { Hidden = [1024, 1024] } }.Validate(TestEnvironments.Tasks));
    }

    [Fact]
    public void Episodes_in_lockstep_that_cannot_fit_in_memory_are_refused_with_the_figure()
    {
        var errors = new RunConfig { Population = 100_000, Episodes = 10_000 }.Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith("population × episodes:") && e.Contains("GB"));
        Assert.Empty(new RunConfig { Population = 256, Episodes = 10 }.Validate(TestEnvironments.Tasks));
    }

    [Theory]
    [InlineData("""{ "algorithm": "es", "es": { "learning_rate": 1e30 } }""", "es.learning_rate")]
    [InlineData("""{ "algorithm": "es", "es": { "weight_decay": "Infinity" } }""", "es.weight_decay")]
    [InlineData("""{ "algorithm": "es", "es": { "init_scale": "Infinity" } }""", "es.init_scale")]
    [InlineData("""{ "evaluation": { "target": "NaN" } }""", "evaluation.target")]
    public void Absurd_or_non_finite_options_are_refused(string json, string key)
    {
        var errors = RunConfigFile.Parse(json, "c.json").Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith(key + ":"));
    }

    [Fact]
    public void An_empty_path_a_fifo_and_an_oversized_file_are_refused_without_reading()
    {
        Assert.Contains("empty path", Assert.Throws<ConfigException>(() => RunConfigFile.Load("")).Message);
        string directory = TestEnvironments.TempDirectory();
        string fifo = Path.Combine(directory, "fifo.json");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }
        Assert.Contains("not a regular file", Assert.Throws<ConfigException>(() => RunConfigFile.Load(fifo)).Message);
        string zero = Path.Combine(directory, "zero.json");
        File.CreateSymbolicLink(zero, "/dev/zero");
        Assert.Contains("not a regular file", Assert.Throws<ConfigException>(() => RunConfigFile.Load(zero)).Message);
        string big = Path.Combine(directory, "big.json");
        File.WriteAllText(big, "{" + new string(' ', (int)RunConfigFile.MaxBytes) + "}");
        Assert.Contains("more than a config can be", Assert.Throws<ConfigException>(() => RunConfigFile.Load(big)).Message);
    }

    [Fact]
    public void A_key_or_path_with_a_newline_stays_on_one_line()
    {
        var e = Assert.Throws<ConfigException>(() => RunConfigFile.Parse("{ \"bad\\nkey\": 1 }", "two\nlines.json"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("unknown key", e.Message);
    }
}
