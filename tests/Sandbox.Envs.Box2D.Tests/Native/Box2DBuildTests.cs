using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class Box2DBuildTests
{
    private static string Directory(bool withFast)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sandbox-box2d-build-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, Box2DBuild.DebianLibrary), []);
        if (withFast)
        {
            File.WriteAllBytes(Path.Combine(dir, Box2DBuild.FastLibrary), []);
        }
        return dir;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    public void Unset_picks_the_fast_build_when_present_else_debians(string? requested)
    {
        string with = Directory(withFast: true), without = Directory(withFast: false);

        var fast = Box2DBuild.Select(requested, with);
        var debian = Box2DBuild.Select(requested, without);

        Assert.Equal((Box2DBuild.FastName, Path.Combine(with, Box2DBuild.FastLibrary), Box2DBuild.FastPhysics, (string?)null),
            (fast.Name, fast.LibraryPath, fast.Physics, fast.Error));
        Assert.Equal((Box2DBuild.DebianName, Path.Combine(without, Box2DBuild.DebianLibrary), Box2DBuild.DebianPhysics, (string?)null),
            (debian.Name, debian.LibraryPath, debian.Physics, debian.Error));
    }

    [Fact]
    public void Debian_can_be_forced_when_the_fast_build_is_present()
    {
        var build = Box2DBuild.Select("Debian", Directory(withFast: true));
        Assert.Equal(Box2DBuild.DebianName, build.Name);
        Assert.Null(build.Error);
    }

    [Fact]
    public void Forcing_a_missing_fast_build_is_an_error_naming_the_file_and_the_remedy()
    {
        var build = Box2DBuild.Select("fast", Directory(withFast: false));
        Assert.NotNull(build.Error);
        Assert.Contains(Box2DBuild.FastLibrary, build.Error);
        Assert.Contains("setup-box2d.sh", build.Error);
    }

    [Fact]
    public void An_unknown_value_is_an_error_naming_the_variable_and_the_choices()
    {
        var build = Box2DBuild.Select("turbo", Directory(withFast: true));
        Assert.NotNull(build.Error);
        Assert.Contains("SANDBOX_BOX2D must be 'debian' or 'fast' (got 'turbo')", build.Error);
    }

    [Fact]
    public void The_loaded_library_describes_the_selected_build()
    {
        string info = Box2DWorld.BuildInfo;
        Assert.StartsWith(Box2DBuild.Selected.Name + ":", info);
    }
}
