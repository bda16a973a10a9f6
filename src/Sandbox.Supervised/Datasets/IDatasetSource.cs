namespace Sandbox.Supervised.Datasets;

/// <summary>One dataset the catalog knows: where its files come from, how to obtain them and how to read them.</summary>
public interface IDatasetSource
{
    /// <summary>Catalog name (lower case, e.g. "mnist").</summary>
    string Name { get; }

    /// <summary>Where the files come from, for listings.</summary>
    string Origin { get; }

    /// <summary>Examples and image shape the files must have.</summary>
    DatasetShape Shape { get; }

    /// <summary>Whether the files are in place (presence and sizes only).</summary>
    DatasetStatus Status(DatasetOptions options);

    /// <summary>Makes the files available (fetch or install) if they are not; one-line <see cref="DatasetException"/> when impossible.</summary>
    void Fetch(DatasetOptions options);

    /// <summary>Reads, verifies and normalises the dataset, fetching it first when missing and allowed.</summary>
    Dataset Load(DatasetOptions options);
}
