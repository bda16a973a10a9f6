namespace Sandbox.Supervised.Datasets;

/// <summary>The sizes a dataset's files must have: examples per split and the image shape.</summary>
public readonly record struct DatasetShape(int TrainCount, int TestCount, int Channels, int Height, int Width, int ClassCount)
{
    /// <summary>"60000 train / 10000 test, 1x28x28, 10 classes".</summary>
    public override string ToString() => $"{TrainCount} train / {TestCount} test, {Channels}x{Height}x{Width}, {ClassCount} classes";
}
