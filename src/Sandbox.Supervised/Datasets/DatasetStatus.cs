namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Whether a dataset can be loaded without fetching, and where from. Availability looks at file presence and
/// sizes only (cheap); hashes and structure are checked when the dataset is loaded.
/// </summary>
/// <param name="Name">Catalog name.</param>
/// <param name="Origin">Where the files come from (package, user directory).</param>
/// <param name="Location">Directory the files are read from, or null when none is configured.</param>
/// <param name="Shape">Examples and image shape.</param>
/// <param name="Available">Whether every file is in place with its expected size.</param>
/// <param name="BytesOnDisk">Total size of the files present.</param>
/// <param name="Detail">When unavailable, what is missing and how to get it; otherwise empty.</param>
public sealed record DatasetStatus(string Name, string Origin, string? Location, DatasetShape Shape, bool Available, long BytesOnDisk, string Detail);
