using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Tests.Classification;

/// <summary>Small datasets made in the test: 4 classes of 6×6 grey images whose class is which quadrant is bright.</summary>
internal static class SyntheticData
{
    public static Dataset Quadrants(int train = 1200, int test = 400, int seed = 3)
    {
        var rng = new System.Random(seed);
        ImageSet Make(int count, string split)
        {
            var pixels = new byte[count * 36];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                int label = rng.Next(4);
                labels[i] = (byte)label;
                for (int y = 0; y < 6; y++)
                {
                    for (int x = 0; x < 6; x++)
                    {
                        int quadrant = (y / 3) * 2 + x / 3;
                        int value = quadrant == label ? 160 + rng.Next(96) : rng.Next(120);
                        pixels[i * 36 + y * 6 + x] = (byte)value;
                    }
                }
            }
            return ImageSet.FromBytes($"quadrants/{split}", 1, 6, 6, 4, pixels, labels, ChannelNormalization.Mnist);
        }
        return new Dataset("quadrants", Make(train, "train"), Make(test, "test"));
    }
}
