using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>MNIST for track tests (fetched into the dataset cache on first use, like the engine tests).</summary>
internal static class TrackTestData
{
    private static readonly Lazy<Dataset> Mnist = new(() => DatasetCatalog.Default.Load("mnist", new DatasetOptions()));

    public static Dataset LoadMnist() => Mnist.Value;

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "sandbox-track-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
