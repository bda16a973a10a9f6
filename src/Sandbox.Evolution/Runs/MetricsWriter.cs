using System.Text.Json;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// Appends one JSON object per generation to <c>metrics.jsonl</c>, flushed each time so a crash loses at most
/// a line: fitness figures, the champion's metrics under the task's own names, the work metric summed
/// (<c>&lt;work&gt;</c>, <c>total_&lt;work&gt;</c>, <c>&lt;work&gt;_per_second</c>), validation and the evaluator's figures.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _writer;

    /// <summary>Opens (appending to) <paramref name="path"/>.</summary>
    public MetricsWriter(string path)
    {
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new Utf8JsonWriter(_stream);
    }

    /// <summary>Writes one generation's line.</summary>
    public void Write(GenerationReport report)
    {
        var o = report.Outcome;
        var layout = report.Metrics;
        _writer.Reset(_stream);
        _writer.WriteStartObject();
        _writer.WriteNumber("generation", o.Generation);
        Number("best", o.Best);
        Number("mean", o.Mean);
        Number("elite", o.Elite);
        Number("champion", o.ChampionFitness);
        for (int i = 0; i < layout.Names.Length; i++)
        {
            if (i != layout.Work)
            {
                Number(layout.Names[i], report.ChampionMetrics[i]);
            }
        }
        _writer.WriteNumber("candidates", report.Candidates);
        string work = layout.WorkName;
        _writer.WriteNumber(work, report.Work);
        _writer.WriteNumber("total_" + work, report.TotalWork);
        _writer.WriteNumber(work + "_per_second", Math.Round(report.WorkPerSecond));
        _writer.WriteNumber("elapsed_seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        if (report.Validation is { } v)
        {
            Number("validation", v);
        }
        else
        {
            _writer.WriteNull("validation");
        }
        if (report.Evaluator is { } e)
        {
            _writer.WriteNumber("workers", e.Workers);
            _writer.WriteNumber("parallelism", e.Parallelism);
            _writer.WriteNumber("bytes_sent", e.BytesSent);
            _writer.WriteNumber("bytes_received", e.BytesReceived);
            _writer.WriteNumber("state_bytes", e.StateBytes);
            _writer.WriteNumber("worker_restarts", e.Restarts);
            double capacity = e.Parallelism * report.GenerationSeconds;
            _writer.WriteNumber("engine_overhead", capacity > 0 ? Math.Round(Math.Max(0, 1 - e.BusySeconds / capacity), 4) : 0);
        }
        _writer.WriteEndObject();
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
    }

    /// <summary>JSON has no NaN or infinity: such values are written as null rather than failing the run.</summary>
    private void Number(string name, double value)
    {
        if (double.IsFinite(value))
        {
            _writer.WriteNumber(name, value);
        }
        else
        {
            _writer.WriteNull(name);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
