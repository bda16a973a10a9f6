using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.Rso;
using Sandbox.Tensors.Loading;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>Whole RSO runs through <see cref="TrackRun"/>: determinism and resume, on a tiny synthetic CIFAR-10.</summary>
public sealed class RsoRunTests
{
    static RsoRunTests() => TorchRuntime.EnsureInitialized();

    private static readonly Lazy<Dataset> Cifar = new(() => SyntheticCifar.Create(24, 5));

    /// <summary>RSO searching every n-th weight (so a cycle of a CIFAR network takes seconds); otherwise the track itself.</summary>
    private sealed class StridedRso(int stride) : ITrack
    {
        private readonly RsoTrack _track = new();
        public string Name => _track.Name;
        public string Description => _track.Description;
        public IReadOnlyList<string> Sweeps => _track.Sweeps;
        public TrackConfig Defaults(string preset, string dataset) => _track.Defaults(preset, dataset);
        public IReadOnlyList<string> Validate(TrackConfig config) => _track.Validate(config);
        public IReadOnlyList<BenchRow> Sweep(TrackConfig preset, string sweep) => _track.Sweep(preset, sweep);

        public ITrackTrainer CreateTrainer(TrackConfig config, TrackData data)
        {
            var trainer = (RsoTrainer)_track.CreateTrainer(config, data);
            trainer.WeightStride = stride;
            return trainer;
        }
    }

    private static readonly StridedRso Track = new(61);

    private static TrackConfig Config(string architecture) => Track.Defaults("cpu", "cifar10") with
    {
        Architecture = architecture, TrainLimit = 48, TestLimit = 24, BatchSize = 8, ResampleEvery = 16, Epochs = 2, Seed = 4,
    };

    /// <summary>The trainer state of a run directory's checkpoint (weights, batch-norm parameters and statistics, stream position).</summary>
    private static TrainerState State(string directory) => TrackCheckpoint.Load(directory).State;

    private static void SameState(TrainerState expected, TrainerState actual)
    {
        Assert.Equal(expected.Arrays.Keys.Order(), actual.Arrays.Keys.Order());
        foreach (var (name, values) in expected.Arrays)
        {
            Assert.True(values.AsSpan().SequenceEqual(actual.Arrays[name]), $"'{name}' differs");
        }
        Assert.Equal(expected.Scalars, actual.Scalars);
    }

    private static string[] Metrics(string directory) =>
        [.. File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"train_seconds\":[^,}]*", ""))];

    [Theory]
    [InlineData("depth3")]
    [InlineData("depth10")]
    public void Two_runs_of_the_same_config_and_seed_end_with_the_same_state_metrics_and_model_file(string architecture)
    {
        var config = Config(architecture) with { Epochs = 1 };
        string first = TrackTestData.TempDirectory(), second = TrackTestData.TempDirectory();
        try
        {
            var a = TrackRun.Run(Track, config, Cifar.Value, first, false, null, CancellationToken.None);
            var b = TrackRun.Run(Track, config, Cifar.Value, second, false, null, CancellationToken.None);
            Assert.False(a.Interrupted || b.Interrupted);
            SameState(State(first), State(second));
            Assert.Equal(Metrics(first), Metrics(second));
            Assert.Equal(File.ReadAllBytes(a.ModelPath!), File.ReadAllBytes(b.ModelPath!));
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void A_run_interrupted_inside_its_second_cycle_and_resumed_ends_with_the_state_metrics_and_model_file_of_an_uninterrupted_one()
    {
        var config = Config("depth3");
        string straight = TrackTestData.TempDirectory(), resumed = TrackTestData.TempDirectory();
        try
        {
            var full = TrackRun.Run(Track, config, Cifar.Value, straight, false, null, CancellationToken.None);
            using var stop = new CancellationTokenSource();
            var cut = TrackRun.Run(Track, config, Cifar.Value, resumed, false, new StopInsideSecondEpoch(stop), stop.Token);
            Assert.True(cut.Interrupted);
            Assert.Equal(1, cut.Epochs);
            var rest = TrackRun.Run(Track, config, Cifar.Value, resumed, true, null, CancellationToken.None);
            Assert.False(rest.Interrupted);
            Assert.Equal(2, rest.Epochs);
            SameState(State(straight), State(resumed));
            Assert.Equal(Metrics(straight), Metrics(resumed));
            Assert.Equal(File.ReadAllBytes(full.ModelPath!), File.ReadAllBytes(rest.ModelPath!));
        }
        finally
        {
            Directory.Delete(straight, true);
            Directory.Delete(resumed, true);
        }
    }

    /// <summary>Ctrl+C stand-in: cancels after the third search step (classifier, then two convolutions) of the second cycle.</summary>
    private sealed class StopInsideSecondEpoch(CancellationTokenSource stop) : ITrackRunObserver
    {
        private int _epoch;

        public void EpochStarted(int epoch, int epochs, int batches) => _epoch = epoch;

        public void BatchDone(int batch)
        {
            if (_epoch == 1 && batch == 3)
            {
                stop.Cancel();
            }
        }

        public void EpochFinished(IReadOnlyDictionary<string, double> metrics)
        {
        }
    }
}
