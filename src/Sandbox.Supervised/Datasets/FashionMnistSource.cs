namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Fashion-MNIST (Xiao et al., 2017) from Debian's dataset-fashion-mnist package, which installs the four gzipped IDX
/// files in /usr/share/datasets/fashion-mnist. When they are missing and this process is root, the first use
/// installs the package with apt-get; otherwise it says what to run. The files are verified by size and SHA-256
/// (of the .gz files as Debian ships them) on every load.
/// </summary>
public sealed class FashionMnistSource : IDatasetSource
{
    /// <summary>The Debian package that carries the files.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The four gzipped IDX files of dataset-fashion-mnist 0.0~git20200523.55506a9-1 and their hashes.</summary>
    public static IdxFileSet Files { get; } = new(
        new PinnedFile("train-images-idx3-ubyte.gz", 26_421_856, "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
        new PinnedFile("train-labels-idx1-ubyte.gz", 29_491, "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
        new PinnedFile("t10k-images-idx3-ubyte.gz", 4_422_079, "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
        new PinnedFile("t10k-labels-idx1-ubyte.gz", 5_125, "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"));

    /// <summary>The one line for a machine where the package is missing and cannot be installed from here.</summary>
    public const string InstallHint = $"Fashion-MNIST is not installed: run `apt-get install {DebianPackage}` (as root)";

    /// <inheritdoc/>
    public string Name => "fashion-mnist";

    /// <inheritdoc/>
    public string Origin => $"Debian package {DebianPackage}, installed on first use (root)";

    /// <inheritdoc/>
    public DatasetShape Shape { get; } = new(60_000, 10_000, 1, 28, 28, 10);

    /// <inheritdoc/>
    public DatasetStatus Status(DatasetOptions options)
    {
        var (complete, bytes) = Files.Presence(options.FashionMnistDirectory);
        return new DatasetStatus(Name, Origin, options.FashionMnistDirectory, Shape, complete, bytes,
            complete ? "" : $"not installed: `sandbox datasets --fetch {Name}` or `apt-get install {DebianPackage}` (as root)");
    }

    /// <inheritdoc/>
    public void Fetch(DatasetOptions options)
    {
        string directory = options.FashionMnistDirectory;
        if (Files.Presence(directory).Complete)
        {
            return;
        }
        bool debianPlace = Path.GetFullPath(directory) == DatasetOptions.DebianFashionMnistDirectory;
        if (!options.AllowFetch || !UnixUser.IsRoot || !debianPlace)
        {
            throw new DatasetException(debianPlace ? InstallHint : $"Fashion-MNIST files are missing in {directory}: put {string.Join(", ", Files.All.Select(f => f.Name))} there, or use {DatasetOptions.DebianFashionMnistDirectory} after `apt-get install {DebianPackage}`");
        }
        options.Log?.Report($"installing Fashion-MNIST: apt-get install {DebianPackage} ...");
        var outcome = AptGet(["install", "-y", "-q", "--no-install-recommends", DebianPackage], options.Log);
        if (!outcome.Succeeded && !outcome.NotFound && !outcome.TimedOut)
        {
            // The usual cause is a stale or empty package list (a fresh container): refresh it once and retry.
            options.Log?.Report("apt-get install failed; refreshing the package lists (apt-get update) and retrying once ...");
            AptGet(["update", "-q"], options.Log);
            outcome = AptGet(["install", "-y", "-q", "--no-install-recommends", DebianPackage], options.Log);
        }
        if (!outcome.Succeeded || !Files.Presence(directory).Complete)
        {
            string why = outcome.Succeeded ? $"the files did not appear in {directory}" : outcome.LastError.Length > 0 ? outcome.LastError : $"exit code {outcome.ExitCode}";
            throw new DatasetException($"installing {DebianPackage} failed ({why}): run `apt-get install {DebianPackage}` (as root) and look at its output");
        }
        options.Log?.Report($"Fashion-MNIST installed in {directory}");
    }

    /// <inheritdoc/>
    public Dataset Load(DatasetOptions options)
    {
        Fetch(options);
        string directory = options.FashionMnistDirectory;
        string remedy = Path.GetFullPath(directory) == DatasetOptions.DebianFashionMnistDirectory
            ? $"reinstall it: `apt-get install --reinstall {DebianPackage}` (as root)"
            : $"replace it with the file from Debian's {DebianPackage}";
        return Files.Load(Name, directory, Shape, ChannelNormalization.FashionMnist, remedy);
    }

    private static ExternalCommand.Outcome AptGet(string[] arguments, IProgress<string>? log) =>
        ExternalCommand.Run("apt-get", arguments, "/", Timeout, log, new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
}
