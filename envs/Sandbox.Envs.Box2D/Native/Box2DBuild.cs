namespace Sandbox.Envs.Box2D.Native;

/// <summary>
/// Which compiled Box2D 2.3.1 a process uses, chosen once from the libraries next to the
/// application and <c>SANDBOX_BOX2D</c>: Debian's library behind our shim (always there), or the
/// fast build (the 2.3.1 source at -O3 with LTO and this machine's instruction set, no
/// floating-point contraction, shim linked in), which a test proves computes the same bits.
/// </summary>
public sealed class Box2DBuild
{
    /// <summary>The environment variable that forces a build: <c>debian</c> or <c>fast</c> (unset: fast when present).</summary>
    public const string EnvironmentVariable = "SANDBOX_BOX2D";

    /// <summary>Name of Debian's build.</summary>
    public const string DebianName = "debian";

    /// <summary>Name of the fast build.</summary>
    public const string FastName = "fast";

    /// <summary>File of Debian's build (the shim; it loads libBox2D.so.2.3.0 from its own directory).</summary>
    public const string DebianLibrary = "libsandbox_box2d.so";

    /// <summary>File of the fast build.</summary>
    public const string FastLibrary = "libsandbox_box2d_fast.so";

    /// <summary>Physics provenance of Debian's build (unchanged from earlier releases, so that older policy files compare equal).</summary>
    public const string DebianPhysics = "Box2D 2.3.1 (Debian bullseye libbox2d 2.3.1+ds-7)";

    /// <summary>Physics provenance of the fast build.</summary>
    public const string FastPhysics = "Box2D 2.3.1 (fast build from the 2.3.1 source, bit-identical to Debian bullseye libbox2d 2.3.1+ds-7)";

    private static readonly Lazy<Box2DBuild> s_selected = new(() =>
        Select(Environment.GetEnvironmentVariable(EnvironmentVariable), LibraryDirectory));

    private Box2DBuild(string name, string path, string physics, string? error)
    {
        Name = name;
        LibraryPath = path;
        Physics = physics;
        Error = error;
    }

    /// <summary><see cref="DebianName"/> or <see cref="FastName"/>.</summary>
    public string Name { get; }

    /// <summary>Full path of the library this process loads.</summary>
    public string LibraryPath { get; }

    /// <summary>The physics provenance recorded with runs and policies.</summary>
    public string Physics { get; }

    /// <summary>Why the requested build cannot be used (a bad <c>SANDBOX_BOX2D</c>, a missing file), or null.</summary>
    public string? Error { get; }

    /// <summary>This process's build (reading the environment once; nothing is loaded).</summary>
    public static Box2DBuild Selected => s_selected.Value;

    /// <summary>The directory the native libraries are copied to: the one holding this assembly.</summary>
    public static string LibraryDirectory =>
        Path.GetDirectoryName(typeof(Box2DBuild).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;

    /// <summary>
    /// The build for a <c>SANDBOX_BOX2D</c> value (<paramref name="requested"/>; null, empty or
    /// <c>auto</c>: fast when its library is in <paramref name="directory"/>, else Debian's).
    /// </summary>
    public static Box2DBuild Select(string? requested, string directory)
    {
        string debian = Path.Combine(directory, DebianLibrary);
        string fast = Path.Combine(directory, FastLibrary);
        string choice = (requested ?? "").Trim().ToLowerInvariant();
        switch (choice)
        {
            case "" or "auto":
                return File.Exists(fast) ? new(FastName, fast, FastPhysics, null) : new(DebianName, debian, DebianPhysics, null);
            case DebianName:
                return new(DebianName, debian, DebianPhysics, null);
            case FastName:
                return new(FastName, fast, FastPhysics, File.Exists(fast)
                    ? null
                    : $"{EnvironmentVariable}=fast but {FastLibrary} is not in {directory}; run scripts/setup-box2d.sh (it builds it when Box2D 2.3.1's source can be had; see .cache/box2d/fast/unavailable) or unset {EnvironmentVariable}");
            default:
                return new(DebianName, debian, DebianPhysics,
                    $"{EnvironmentVariable} must be 'debian' or 'fast' (got '{requested}'); unset it to use the fast build when present");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
