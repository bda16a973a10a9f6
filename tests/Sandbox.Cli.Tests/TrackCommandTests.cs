using System.Text.Json;
using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests;

/// <summary><c>train</c> and <c>bench &lt;track&gt;</c> end to end on small MNIST subsets.</summary>
public sealed class TrackCommandTests
{
    private static readonly string[] Small = ["--set", "train_limit=2000", "--set", "test_limit=500", "--epochs", "1"];

    [Fact]
    public void Train_writes_the_run_directory_and_a_model_eval_reads()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, ["train", "edge-popup", "--name", "small", "--json", .. Small]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var summary = JsonDocument.Parse(outcome.Stdout.Trim().Split('\n')[^1]);
        var root = summary.RootElement;
        foreach (string key in new[] { "track", "dataset", "train_accuracy", "test_accuracy", "dev_accuracy", "wall_seconds", "samples_per_second" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        }
        Assert.True(root.GetProperty("test_accuracy").GetDouble() > 0.5);
        string run = Path.Combine(work, "runs", "small");
        foreach (string file in new[] { "config.json", "provenance.json", "metrics.jsonl", "checkpoint.bin", "model.model", "curves.png" })
        {
            Assert.True(File.Exists(Path.Combine(run, file)), $"missing {file}");
        }
        var eval = CliProcess.Run(work, "eval", Path.Combine(run, "model.model"), "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.True(JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("test_accuracy").GetDouble() > 0.5);
    }

    [Fact]
    public void Bench_prints_one_json_row_per_comparison_row_and_appends_them()
    {
        string work = CliProcess.NewWorkingDirectory();
        var outcome = CliProcess.Run(work, ["bench", "hybrid-es", "--json", "--set", "batch_size=500", "--threads", "1", .. Small]);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var rows = outcome.Stdout.Trim().Split('\n');
        Assert.Equal(5, rows.Length); // BGD, r = 2, 3, 4, reuse control
        foreach (string row in rows)
        {
            var r = JsonDocument.Parse(row).RootElement;
            Assert.Equal("hybrid-es", r.GetProperty("track").GetString());
            Assert.Equal(3, r.GetProperty("seeds").GetArrayLength());
            Assert.True(r.GetProperty("dev_accuracy").GetDouble() > 0);
            Assert.True(r.GetProperty("wire_bytes_vs_bgd").GetDouble() <= 1);
        }
        Assert.Equal(5, File.ReadAllLines(Path.Combine(work, "runs", "bench", "hybrid-es.jsonl")).Length);
        Assert.True(File.Exists(Path.Combine(work, "runs", "bench", "hybrid-es.png")));
    }

    [Fact]
    public void Bench_with_workers_gives_the_in_process_accuracies_and_records_which_rows_used_them()
    {
        string work = CliProcess.NewWorkingDirectory();
        string[] bench = ["bench", "hybrid-es", "--json", "--threads", "1", "--set", "train_limit=1000", "--set", "batch_size=200",
            "--set", "test_limit=200", "--set", "dev_examples=200", "--set", "trials=4", "--epochs", "1"];
        var here = CliProcess.Run(work, bench);
        Assert.True(here.ExitCode == 0, here.Stderr);
        var onWorkers = CliProcess.Run(work, [.. bench, "--workers", "2"]);
        Assert.True(onWorkers.ExitCode == 0, onWorkers.Stderr);
        var expected = here.Stdout.Trim().Split('\n').Select(r => JsonDocument.Parse(r).RootElement).ToArray();
        var actual = onWorkers.Stdout.Trim().Split('\n').Select(r => JsonDocument.Parse(r).RootElement).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            string method = actual[i].GetProperty("method").GetString()!;
            Assert.Equal(expected[i].GetProperty("dev_accuracy").GetDouble(), actual[i].GetProperty("dev_accuracy").GetDouble());
            Assert.Equal(expected[i].GetProperty("test_accuracy").GetDouble(), actual[i].GetProperty("test_accuracy").GetDouble());
            // Only the rows that search among trials have anything to send to the workers.
            var workers = actual[i].GetProperty("workers");
            Assert.True(method.StartsWith("H-ES", StringComparison.Ordinal) ? workers.GetInt32() == 2 : workers.ValueKind == JsonValueKind.Null, $"{method}: workers {workers}");
        }
        Assert.Contains("parallel parts on 2 engine worker process(es)", onWorkers.Stderr);
    }

    [Fact]
    public async Task Sigterm_saves_the_model_and_resume_finishes_the_run()
    {
        string work = CliProcess.NewWorkingDirectory();
        string run = Path.Combine(work, "runs", "stopped");
        using var process = CliProcess.Start(work, ["train", "hybrid-es", "--name", "stopped", "--epochs", "200", "--threads", "1",
            "--set", "train_limit=1000", "--set", "batch_size=500", "--set", "test_limit=200", "--set", "dev_examples=200"]);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            string metrics = Path.Combine(run, "metrics.jsonl");
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!(File.Exists(metrics) && File.ReadAllText(metrics).Contains('\n')) && !process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                Thread.Sleep(100);
            }
            if (process.HasExited)
            {
                Assert.Fail($"the run ended before its first epoch was saved: {await stderr}");
            }
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not stop after SIGTERM");
            Assert.Equal(130, process.ExitCode);
            Assert.Contains("--resume", await stdout);
            Assert.True(File.Exists(Path.Combine(run, "model.model")));
            int epochsDone = File.ReadAllLines(metrics).Length;
            Assert.InRange(epochsDone, 1, 199);

            var resumed = CliProcess.Run(work, "train", "hybrid-es", "--resume", run, "--json");
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Equal(200, File.ReadAllLines(metrics).Length);
            Assert.Equal(200, JsonDocument.Parse(resumed.Stdout.Trim().Split('\n')[^1]).RootElement.GetProperty("epochs").GetInt32());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void Hybrid_es_trials_on_two_workers_give_the_in_process_model_and_metrics_record_the_bytes()
    {
        string work = CliProcess.NewWorkingDirectory();
        string[] small = ["train", "hybrid-es", "--set", "train_limit=2000", "--set", "batch_size=200", "--set", "test_limit=200", "--set", "trials=4", "--epochs", "1"];
        var inProcess = CliProcess.Run(work, [.. small, "--name", "here"]);
        Assert.True(inProcess.ExitCode == 0, inProcess.Stderr);
        var onWorkers = CliProcess.Run(work, [.. small, "--name", "workers", "--workers", "2"]);
        Assert.True(onWorkers.ExitCode == 0, onWorkers.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(work, "runs", "here", "model.model")), File.ReadAllBytes(Path.Combine(work, "runs", "workers", "model.model")));
        var line = JsonDocument.Parse(File.ReadAllLines(Path.Combine(work, "runs", "workers", "metrics.jsonl"))[^1]).RootElement;
        foreach (string key in new[] { "bytes_sent", "bytes_received", "bytes_sent_per_iteration", "bytes_received_per_iteration", "state_bytes" })
        {
            Assert.True(line.GetProperty(key).GetDouble() > 0, $"{key} is not positive");
        }
        Assert.False(JsonDocument.Parse(File.ReadAllLines(Path.Combine(work, "runs", "here", "metrics.jsonl"))[^1]).RootElement.TryGetProperty("bytes_sent", out _));
    }

    [Theory]
    [InlineData("edge-popup", "--dataset", "cifar10", "--data-dir", "/nonexistent/cifar", "/nonexistent/cifar")]
    [InlineData("edge-popup", "--set", "kep=0.3", "", "", "kep")]
    [InlineData("edge-popup", "--set", "keep=1.5", "", "", "KEPT")]
    [InlineData("hybrid-es", "--device", "cuda", "", "", "cpu")]
    [InlineData("hybrid-es", "--workers", "2", "--set", "method=reference", "trials of hybrid-es")]
    [InlineData("hybrid-es", "--workers", "300", "", "", "between 0 and 256")]
    [InlineData("edge-popup", "--workers", "2", "", "", "--workers runs")]
    [InlineData("no-such-track", "--epochs", "1", "", "", "unknown track")]
    public void Bad_input_is_one_line_and_exit_code_2(string track, string option, string value, string option2, string value2, string mentions)
    {
        string work = CliProcess.NewWorkingDirectory();
        string[] args = option2 == "" ? ["train", track, option, value] : ["train", track, option, value, option2, value2];
        var outcome = CliProcess.Run(work, args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.True(outcome.StderrLines.Length == 1, outcome.Stderr);
        Assert.StartsWith("error: ", outcome.StderrLines[0]);
        Assert.Contains(mentions, outcome.StderrLines[0]);
        Assert.False(Directory.Exists(Path.Combine(work, "runs")));
    }
}
