using System.Globalization;
using Sandbox.Engine.Workers;
using Sandbox.Supervised.Tracks;
using Spectre.Console;

namespace Sandbox.Cli.Views;

/// <summary>
/// Shows a training run: on a terminal one progress bar per epoch (Spectre), otherwise one line per epoch on
/// <paramref name="plain"/>; with <paramref name="workers"/>, the engine workers that run the steps' parallel parts
/// (grouped by silo on a cluster) below the bars, or as a line when they change. The body runs on the calling
/// thread (libtorch's thread setting is per thread).
/// </summary>
public sealed class TrackProgressView(bool live, TextWriter plain, string title, Func<IReadOnlyList<WorkerStatus>>? workers = null)
{
    private readonly Func<IReadOnlyList<WorkerStatus>> _workers = workers ?? (() => []);

    /// <summary>Runs <paramref name="body"/> with an observer that draws its progress.</summary>
    public T Show<T>(Func<ITrackRunObserver, T> body)
    {
        if (!live)
        {
            return body(new PlainObserver(plain, title, _workers));
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx => result = body(new LiveObserver(ctx, title, _workers)));
        return result;
    }

    /// <summary>"epoch 3: loss 0.1234, dev 95.12 %, test 95.30 %, 12.3 s".</summary>
    internal static string Summary(IReadOnlyDictionary<string, double> m)
    {
        string Percent(string key) => m.TryGetValue(key, out double v) ? string.Create(CultureInfo.InvariantCulture, $", {key.Replace("_accuracy", "")} {v:P2}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"loss {m["train_loss"]:0.0000}{Percent("dev_accuracy")}{Percent("test_accuracy")}, {m["train_seconds"]:0.0} s training");
    }

    private sealed class PlainObserver(TextWriter writer, string title, Func<IReadOnlyList<WorkerStatus>> workers) : ITrackRunObserver
    {
        private int _epoch;
        private int _epochs;
        private string _lastWorkers = "";

        public void EpochStarted(int epoch, int epochs, int batches)
        {
            _epoch = epoch;
            _epochs = epochs;
        }

        public void BatchDone(int batch)
        {
            if (batch == 1)
            {
                WriteWorkers(); // once the workers have started
            }
        }

        public void EpochFinished(IReadOnlyDictionary<string, double> metrics)
        {
            writer.WriteLine($"{title} epoch {_epoch + 1}/{_epochs}: {Summary(metrics)}");
            WriteWorkers();
        }

        /// <summary>A line when the workers start, restart, stop or move (not for every busy/idle change).</summary>
        private void WriteWorkers()
        {
            string line = ReportFormat.Placement(workers());
            if (line.Length > 0 && line != _lastWorkers)
            {
                writer.WriteLine($"  workers: {line}");
                _lastWorkers = line;
            }
        }
    }

    private sealed class LiveObserver(ProgressContext context, string title, Func<IReadOnlyList<WorkerStatus>> workers) : ITrackRunObserver
    {
        private ProgressTask? _task;
        private string _label = "";
        private readonly List<ProgressTask> _workerLines = [];

        public void EpochStarted(int epoch, int epochs, int batches)
        {
            _label = Markup.Escape($"{title} epoch {epoch + 1}/{epochs}");
            _task = context.AddTask(_label, maxValue: batches);
        }

        public void BatchDone(int batch)
        {
            _task?.Value = batch;
            ShowWorkers();
        }

        /// <summary>One line per silo (or one for local worker processes), as the evolution view draws them.</summary>
        private void ShowWorkers()
        {
            var lines = LiveEvolutionView.WorkerLines(workers()).ToList();
            while (_workerLines.Count < lines.Count)
            {
                var line = context.AddTask("", autoStart: false, maxValue: 1);
                line.IsIndeterminate = true;
                _workerLines.Add(line);
            }
            for (int i = 0; i < _workerLines.Count; i++)
            {
                _workerLines[i].Description = i < lines.Count ? lines[i] : "";
            }
        }

        public void EpochFinished(IReadOnlyDictionary<string, double> metrics)
        {
            if (_task is not null)
            {
                _task.Description = _label + " " + Markup.Escape(Summary(metrics));
                _task.StopTask();
            }
        }
    }
}
