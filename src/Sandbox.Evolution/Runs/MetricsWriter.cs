using System.Text.Json;

namespace Sandbox.Evolution.Runs;

/// <summary>Appends one JSON object per generation to <c>metrics.jsonl</c>, flushed each time so a crash loses at most a line.</summary>
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
        _writer.Reset(_stream);
        _writer.WriteStartObject();
        _writer.WriteNumber("generation", o.Generation);
        _writer.WriteNumber("best", o.Best);
        _writer.WriteNumber("mean", o.Mean);
        _writer.WriteNumber("elite", o.Elite);
        _writer.WriteNumber("champion", o.ChampionFitness);
        _writer.WriteNumber("sparsity", o.ChampionSparsity);
        _writer.WriteNumber("env_steps", report.EnvSteps);
        _writer.WriteNumber("total_env_steps", report.TotalEnvSteps);
        _writer.WriteNumber("steps_per_second", Math.Round(report.StepsPerSecond));
        _writer.WriteNumber("elapsed_seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
        if (report.Validation is { } v)
        {
            _writer.WriteNumber("validation", v);
        }
        else
        {
            _writer.WriteNull("validation");
        }
        if (report.Evaluator is { } e)
        {
            _writer.WriteNumber("workers", e.Workers);
            _writer.WriteNumber("bytes_sent", e.BytesSent);
            _writer.WriteNumber("bytes_received", e.BytesReceived);
            _writer.WriteNumber("worker_restarts", e.Restarts);
            double capacity = e.Workers * report.GenerationSeconds;
            _writer.WriteNumber("engine_overhead", capacity > 0 ? Math.Round(Math.Max(0, 1 - e.BusySeconds / capacity), 4) : 0);
        }
        _writer.WriteEndObject();
        _writer.Flush();
        _stream.WriteByte((byte)'\n');
        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
