namespace Sandbox.Cli.Commands;

/// <summary>Where the program finds its repository files (configs) and puts its runs.</summary>
public static class SandboxPaths
{
    /// <summary>The repository root: $SANDBOX_HOME (set by ./sandbox), else the current directory.</summary>
    public static string Home =>
        Environment.GetEnvironmentVariable("SANDBOX_HOME") is { Length: > 0 } home ? home : Directory.GetCurrentDirectory();

    /// <summary>The default config for <c>evolve</c>.</summary>
    public static string DefaultConfig => Path.Combine(Home, "configs", "cartpole-mask.json");

    /// <summary>Directory under which runs are created: ./runs.</summary>
    public static string Runs => Path.Combine(Directory.GetCurrentDirectory(), "runs");
}
