using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tests.Configuration;

public sealed class RunConfigFileTests
{
    [Fact]
    public void Resolved_config_round_trips()
    {
        var config = new RunConfig { Env = "CartPole-v1", Seed = 9, Supermask = new SupermaskConfig { TopK = 0.3 } };
        var back = RunConfigFile.Parse(RunConfigFile.ToJson(config), "test");
        Assert.Equal(RunConfigFile.ToJson(config), RunConfigFile.ToJson(back));
        Assert.Equal(0.3, back.Supermask.TopK);
    }

    [Theory]
    [InlineData("{\"population\": 10, \"colour\": 3}", "unknown key", "colour")]
    [InlineData("{\"supermask\": {\"elitez\": 3}}", "unknown key", "elitez")]
    [InlineData("{\"population\": \"many\"}", "wrong value type", "population")]
    [InlineData("{\"population\": 10,", "malformed JSON", "line")]
    public void Bad_files_give_one_line_naming_the_problem(string json, string what, string where)
    {
        var e = Assert.Throws<ConfigException>(() => RunConfigFile.Parse(json, "bad.json"));
        Assert.Contains(what, e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains("bad.json", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Validation_names_the_key_and_the_range()
    {
        var errors = new RunConfig { Population = -5, Env = "Nope-v0" }.Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith("population:") && e.Contains("-5"));
        Assert.Contains(errors, e => e.StartsWith("env:") && e.Contains("CartPole-v1"));
    }
}
