namespace Sandbox.Supervised.Datasets;

/// <summary>
/// The datasets Sandbox knows, by name: "mnist", "fashion-mnist", "cifar10". Names are matched without regard to
/// case, hyphens or underscores ("Fashion_MNIST", "cifar-10"); an unknown name is one line listing the known ones.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly IDatasetSource[] _sources;

    /// <summary>A catalog of the given sources.</summary>
    public DatasetCatalog(IEnumerable<IDatasetSource> sources)
    {
        _sources = [.. sources];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in _sources)
        {
            if (!seen.Add(Key(source.Name)))
            {
                throw new ArgumentException($"two datasets are named {source.Name}");
            }
        }
    }

    /// <summary>MNIST, Fashion-MNIST and CIFAR-10.</summary>
    public static DatasetCatalog Default { get; } = new([new MnistSource(), new FashionMnistSource(), new Cifar10Source()]);

    /// <summary>Every source, in listing order.</summary>
    public IReadOnlyList<IDatasetSource> Sources => _sources;

    /// <summary>The known names, in listing order.</summary>
    public IReadOnlyList<string> Names => Array.ConvertAll(_sources, s => s.Name);

    /// <summary>The source called <paramref name="name"/>; an unknown name is a <see cref="DatasetException"/>.</summary>
    public IDatasetSource Find(string name)
    {
        string key = Key(name ?? "");
        foreach (var source in _sources)
        {
            if (Key(source.Name) == key)
            {
                return source;
            }
        }
        throw new DatasetException($"unknown dataset '{name}': known datasets are {string.Join(", ", Names)}");
    }

    /// <summary>Loads <paramref name="name"/>, fetching or installing it first when missing and allowed.</summary>
    public Dataset Load(string name, DatasetOptions options) => Find(name).Load(Checked(options));

    /// <summary>Makes <paramref name="name"/> available without loading it.</summary>
    public void Fetch(string name, DatasetOptions options) => Find(name).Fetch(Checked(options));

    /// <summary>Whether <paramref name="name"/> is available, and where.</summary>
    public DatasetStatus Status(string name, DatasetOptions options) => Find(name).Status(Checked(options));

    private static DatasetOptions Checked(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new DatasetException(problems[0]);
    }

    private static string Key(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();
}
