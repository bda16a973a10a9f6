using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>
/// A tiny CIFAR-10 in the published binary format (label byte + 3×32×32 pixel bytes per record), written into a
/// temporary directory and read back through <see cref="Cifar10Source"/>. Each class has its own mean colour per
/// channel plus noise, so a network can tell classes apart.
/// </summary>
internal static class SyntheticCifar
{
    public static Dataset Create(int recordsPerFile, int seed)
    {
        string directory = TrackTestData.TempDirectory();
        var random = new Random(seed);
        foreach (string file in Cifar10Source.TrainFiles.Append(Cifar10Source.TestFile))
        {
            var bytes = new byte[recordsPerFile * Cifar10Reader.RecordSize];
            for (int r = 0; r < recordsPerFile; r++)
            {
                int label = random.Next(10);
                var record = bytes.AsSpan(r * Cifar10Reader.RecordSize, Cifar10Reader.RecordSize);
                record[0] = (byte)label;
                for (int c = 0; c < Cifar10Reader.Channels; c++)
                {
                    int mean = 40 + 20 * ((label + 3 * c) % 10);
                    for (int p = 0; p < Cifar10Reader.Side * Cifar10Reader.Side; p++)
                    {
                        record[1 + c * 1024 + p] = (byte)Math.Clamp(mean + random.Next(-40, 41), 0, 255);
                    }
                }
            }
            File.WriteAllBytes(Path.Combine(directory, file), bytes);
        }
        return new Cifar10Source(recordsPerFile).Load(new DatasetOptions { Cifar10Directory = directory, AllowFetch = false });
    }
}
