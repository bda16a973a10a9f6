using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.Rso;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>Whole RSO runs through <see cref="TrackRun"/>: determinism and resume, on a tiny synthetic CIFAR-10.</summary>
public sealed class RsoRunTests
{
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
            var cut = TrackRun.Run(Track, config, Cifar.Value, resumed, false, new StopInsideEpoch(stop, 1), stop.Token);
            Assert.True(cut.Interrupted);
            Assert.Equal(1, cut.Epochs);
            ModelIsTheCheckpoints(cut, resumed);
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

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(6, 0.82)]
    public void Sigma_is_annealed_over_anneal_cycles_when_set_and_over_the_run_otherwise(int annealCycles, double second)
    {
        var config = Config("depth3") with { AnnealCycles = annealCycles };
        Assert.Empty(Track.Validate(config));
        string directory = TrackTestData.TempDirectory();
        try
        {
            var run = TrackRun.Run(Track, config, Cifar.Value, directory, false, null, CancellationToken.None);
            Assert.Equal([1.0, second], run.History.Select(h => Math.Round(h["sigma_scale"], 12)));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
        Assert.Equal(0.1, RsoTrainer.Anneal(9, 6), 12); // past the horizon σ stays at σ_d/10
        Assert.NotEmpty(Track.Validate(config with { AnnealCycles = -1 }));
    }

    [Fact]
    public void A_run_interrupted_inside_its_first_cycle_saves_the_untrained_network_it_would_resume_from()
    {
        var config = Config("depth3");
        string directory = TrackTestData.TempDirectory();
        try
        {
            using var stop = new CancellationTokenSource();
            var cut = TrackRun.Run(Track, config, Cifar.Value, directory, false, new StopInsideEpoch(stop, 0), stop.Token);
            Assert.True(cut.Interrupted);
            Assert.Equal(0, cut.Epochs);
            var data = TrackData.From(Cifar.Value, config);
            using var fresh = Track.CreateTrainer(config, data);
            var expected = fresh.ExportState();
            var saved = ClassifierFile.LoadAny(cut.ModelPath!).Conv!;
            foreach (var (name, values) in saved.Tensors)
            {
                Assert.True(values.AsSpan().SequenceEqual(expected.Arrays[name]), $"'{name}' differs from the untrained network");
            }
            Assert.Equal(fresh.Evaluate(data.Test).Accuracy, cut.TestAccuracy);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    /// <summary>
    /// A run stopped inside an epoch reports and saves the state of its last completed epoch (the checkpoint's, which
    /// --resume continues from): the model file holds the checkpoint's tensors, the test accuracy is the one metrics.jsonl
    /// recorded for that epoch.
    /// </summary>
    private static void ModelIsTheCheckpoints(TrackRunResult cut, string directory)
    {
        var state = State(directory);
        var saved = ClassifierFile.LoadAny(cut.ModelPath!).Conv!;
        Assert.NotEmpty(saved.Tensors);
        foreach (var (name, values) in saved.Tensors)
        {
            Assert.True(values.AsSpan().SequenceEqual(state.Arrays[name]), $"'{name}' in the model file differs from the checkpoint");
        }
        double recorded = cut.History[^1]["test_accuracy"];
        Assert.Equal(recorded, cut.TestAccuracy);
    }

    /// <summary>Ctrl+C stand-in: cancels after the third search step (classifier, then two convolutions) of cycle <c>stopIn</c>.</summary>
    private sealed class StopInsideEpoch(CancellationTokenSource stop, int stopIn) : ITrackRunObserver
    {
        private int _epoch;

        public void EpochStarted(int epoch, int epochs, int batches) => _epoch = epoch;

        public void BatchDone(int batch)
        {
            if (_epoch == stopIn && batch == 3)
            {
                stop.Cancel();
            }
        }

        public void EpochFinished(IReadOnlyDictionary<string, double> metrics)
        {
        }
    }
}
