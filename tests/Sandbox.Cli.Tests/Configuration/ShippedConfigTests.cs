using Sandbox.Cli.Composition;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Cli.Tests.Configuration;

/// <summary>Every config in configs/ loads and validates against the program's full task catalogue.</summary>
public sealed class ShippedConfigTests
{
    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs"), "*.json").Order())
        {
            data.Add(Path.GetFileName(path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Shipped_config_loads_and_validates(string name)
    {
        var tasks = TaskCatalog.Create(EnvironmentCatalog.Create());
        var config = RunConfigFile.Load(Path.Combine(AppContext.BaseDirectory, "configs", name));
        Assert.Empty(config.Validate(tasks));
    }

    [Fact]
    public void Every_shipped_config_is_tested()
    {
        Assert.True(Configs().Count >= 8, $"only {Configs().Count} configs were copied next to the tests");
    }
}
