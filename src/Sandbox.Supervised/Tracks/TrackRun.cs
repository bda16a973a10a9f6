using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Sandbox.Core.Files;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Runs one track configuration into a run directory: config.json (resolved), provenance.json, metrics.jsonl (one
/// line per epoch), checkpoint.bin after every epoch (so --resume continues bit for bit), and at the end or on
/// cancellation the model file (model.model). Evaluation (dev, test, final train accuracy) is timed apart from
/// training, so samples per second measure training alone.
/// </summary>
public static class TrackRun
{
    /// <summary>The model file's name in the run directory.</summary>
    public const string ModelFileName = "model.model";

    /// <summary>Name and version of this program, for provenance.</summary>
    public static string Producer { get; } =
        $"Sandbox {typeof(TrackRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0"}";

    /// <summary>
    /// Trains <paramref name="config"/> (valid for <paramref name="track"/>) on <paramref name="dataset"/> into
    /// <paramref name="runDirectory"/>; with <paramref name="resume"/> it continues from the directory's checkpoint.
    /// </summary>
    public static TrackRunResult Run(ITrack track, TrackConfig config, Dataset dataset, string runDirectory, bool resume,
        ITrackRunObserver? observer, CancellationToken cancel)
    {
        var problems = track.Validate(config);
        if (problems.Count > 0)
        {
            throw new TrackConfigException($"invalid {track.Name} configuration: {problems[0]}");
        }
        var data = TrackData.From(dataset, config);
        string compact = JsonSerializer.Serialize(config, TrackConfig.CompactJson);
        var checkpoint = new TrackCheckpoint { ConfigJson = compact };
        if (resume)
        {
            checkpoint = TrackCheckpoint.Load(runDirectory);
            if (checkpoint.ConfigJson != compact)
            {
                throw new TrackConfigException($"--resume '{runDirectory}': the checkpoint belongs to another configuration than config.json");
            }
        }
        else
        {
            Directory.CreateDirectory(runDirectory);
            WriteText(Path.Combine(runDirectory, "config.json"), config.ToJson() + "\n");
            WriteText(Path.Combine(runDirectory, "provenance.json"), JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["producer"] = Producer,
                ["track"] = track.Name,
                ["method"] = config.Method,
                ["dataset"] = dataset.Name,
                ["train_examples"] = data.Train.Count,
                ["dev_examples"] = data.Dev?.Count ?? 0,
                ["test_examples"] = data.Test.Count,
                ["seed"] = config.Seed,
                ["threads"] = config.Threads,
                ["processors"] = Environment.ProcessorCount,
                ["machine"] = Environment.MachineName,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["started_utc"] = DateTime.UtcNow.ToString("O"),
            }, TrackConfig.Json) + "\n");
        }
        string metricsPath = Path.Combine(runDirectory, "metrics.jsonl");
        RewriteMetrics(metricsPath, checkpoint.History);

        var trainer = track.CreateTrainer(config, data);
        try
        {
            if (resume)
            {
                trainer.ImportState(checkpoint.State);
            }
            bool interrupted = false;
            for (int epoch = checkpoint.Epochs; epoch < config.Epochs; epoch++)
            {
                observer?.EpochStarted(epoch, config.Epochs, trainer.BatchesPerEpoch);
                long started = Stopwatch.GetTimestamp();
                var stats = trainer.TrainEpoch(epoch, observer is null ? null : observer.BatchDone, cancel);
                double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (!stats.Completed)
                {
                    // The checkpoint stays at the last completed epoch; so do the model file and the accuracies reported,
                    // or they would describe a part-trained epoch under the completed epochs' count, time and samples.
                    interrupted = true;
                    if (checkpoint.Epochs > 0)
                    {
                        trainer.ImportState(checkpoint.State);
                    }
                    else
                    {
                        trainer.Dispose();
                        trainer = track.CreateTrainer(config, data);
                    }
                    break;
                }
                checkpoint.TrainSeconds += seconds;
                checkpoint.Samples += stats.Samples;
                var line = new Dictionary<string, double>
                {
                    ["epoch"] = epoch + 1,
                    ["train_loss"] = stats.MeanLoss,
                    ["train_batch_accuracy"] = stats.BatchAccuracy,
                };
                if (data.Dev is { } dev)
                {
                    line["dev_accuracy"] = trainer.Evaluate(dev).Accuracy;
                }
                var (testLoss, testAccuracy) = trainer.Evaluate(data.Test);
                line["test_accuracy"] = testAccuracy;
                line["test_loss"] = testLoss;
                line["learning_rate"] = stats.LearningRate;
                line["samples"] = checkpoint.Samples;
                line["train_seconds"] = checkpoint.TrainSeconds;
                foreach (var (key, value) in stats.Extra)
                {
                    line[key] = value;
                }
                checkpoint.History.Add(line);
                checkpoint.Epochs = epoch + 1;
                checkpoint.State = trainer.ExportState();
                checkpoint.Save(runDirectory);
                File.AppendAllText(metricsPath, JsonSerializer.Serialize(line, TrackConfig.CompactJson) + "\n");
                observer?.EpochFinished(line);
            }
            if (cancel.IsCancellationRequested && checkpoint.Epochs < config.Epochs)
            {
                interrupted = true;
            }

            double trainAccuracy = trainer.Evaluate(data.Train).Accuracy;
            double? devAccuracy = data.Dev is { } d ? trainer.Evaluate(d).Accuracy : null;
            double finalTest = trainer.Evaluate(data.Test).Accuracy;
            string? modelPath = null;
            var provenance = new ArtifactProvenance
            {
                Config = compact,
                Algorithm = $"{track.Name}/{config.Method}",
                Seed = config.Seed,
                Generation = checkpoint.Epochs,
                Fitness = trainAccuracy,
                Validation = devAccuracy,
                Work = checkpoint.Samples,
                Producer = Producer,
            };
            if (trainer.ToModel(dataset.Name, provenance) is { } model)
            {
                modelPath = Path.Combine(runDirectory, ModelFileName);
                ClassifierFile.Save(model, modelPath);
            }
            else if (trainer.ToConvModel(dataset.Name, provenance) is { } conv)
            {
                modelPath = Path.Combine(runDirectory, ModelFileName);
                ClassifierFile.Save(conv, modelPath);
            }
            return new TrackRunResult
            {
                RunDirectory = runDirectory,
                Config = config,
                Network = trainer.Describe,
                Interrupted = interrupted,
                Epochs = checkpoint.Epochs,
                TrainAccuracy = trainAccuracy,
                DevAccuracy = devAccuracy,
                TestAccuracy = finalTest,
                TrainSeconds = checkpoint.TrainSeconds,
                Samples = checkpoint.Samples,
                ModelPath = modelPath,
                History = checkpoint.History,
            };
        }
        finally
        {
            trainer.Dispose();
        }
    }

    /// <summary>metrics.jsonl holds exactly the checkpoint's epochs (a resumed run drops lines of an unfinished epoch).</summary>
    private static void RewriteMetrics(string path, List<Dictionary<string, double>> history)
    {
        var text = new StringBuilder();
        foreach (var line in history)
        {
            text.Append(JsonSerializer.Serialize(line, TrackConfig.CompactJson)).Append('\n');
        }
        WriteText(path, text.ToString());
    }

    private static void WriteText(string path, string text) => FileEnvelope.WriteAtomically(path, Encoding.UTF8.GetBytes(text));
}
