using System.Globalization;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Hybrid-ES (Bartolo, "Backprop considered harmful?"): full backprop every r-th iteration, K seeded gradient
/// perturbations tried in between. Methods: "search" (the algorithm, best candidate applied), "reference" (plain
/// batch gradient descent), "reuse" (control: re-apply the previous gradient with no search), "none" (stochastic
/// iterations change nothing, which is what the author's notebook ends up doing).
/// </summary>
public sealed class HybridEsTrack : ITrack
{
    /// <summary>The algorithm.</summary>
    public const string SearchMethod = "search";
    /// <summary>Batch gradient descent, every iteration a full step.</summary>
    public const string ReferenceMethod = "reference";
    /// <summary>Control: stochastic iterations re-apply the previous gradient.</summary>
    public const string ReuseMethod = "reuse";
    /// <summary>Control: stochastic iterations leave the parameters alone.</summary>
    public const string NoneMethod = "none";

    /// <summary>σ² values of the paper's Fig. 8.</summary>
    public static IReadOnlyList<double> Sigma2Sweep { get; } = [0.01, 0.1, 0.5, 0.75, 1.0, 1.25, 1.5];

    /// <inheritdoc />
    public string Name => "hybrid-es";

    /// <inheritdoc />
    public string Description => "backprop every r-th iteration, K seeded gradient perturbations in between (Bartolo 2018)";

    /// <inheritdoc />
    public IReadOnlyList<string> Sweeps { get; } = ["r", "sigma", "all"];

    /// <inheritdoc />
    public TrackConfig Defaults(string preset, string dataset) => new()
    {
        Track = Name,
        Method = SearchMethod,
        Dataset = dataset,
        Preset = preset,
        Architecture = "mlp300",
        Epochs = 30,
        BatchSize = 1000,
        LearningRate = 5,
        Momentum = 0,
        WeightDecay = 1e-4,
        DevExamples = 10_000,
        Interval = 2,
        Trials = 10,
        Sigma2 = 1.25,
        NoiseScale = "author",
    };

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(TrackConfig config)
    {
        var problems = config.ValidateCommon();
        if (config.Method is not (SearchMethod or ReferenceMethod or ReuseMethod or NoneMethod))
        {
            problems.Add($"method '{config.Method}' is not a hybrid-es method: use {SearchMethod}, {ReferenceMethod}, {ReuseMethod} or {NoneMethod}");
        }
        if (config.Architecture != "mlp300")
        {
            problems.Add($"architecture '{config.Architecture}' is unknown to hybrid-es: it trains mlp300 (one sigmoid hidden layer of 300 × width)");
        }
        if (config.Interval is < 1 or > 1000)
        {
            problems.Add($"interval (r) must be between 1 and 1000 (got {config.Interval})");
        }
        if (config.Trials is < 1 or > 1000)
        {
            problems.Add($"trials (K) must be between 1 and 1000 (got {config.Trials})");
        }
        if (!(double.IsFinite(config.Sigma2) && config.Sigma2 >= 0))
        {
            problems.Add($"sigma2 must be non-negative (got {config.Sigma2.ToString(CultureInfo.InvariantCulture)})");
        }
        if (config.NoiseScale is not ("author" or "literal"))
        {
            problems.Add($"noise_scale '{config.NoiseScale}' is unknown: use author (std sigma2/batch on the mean gradient) or literal (variance sigma2)");
        }
        return problems;
    }

    /// <summary>
    /// Where the K trials of each stochastic iteration are scored when set (the engine's worker pool, or its
    /// in-process evaluator: <c>--workers N</c>); null (the default): all K at once in this process's batched forward.
    /// </summary>
    public Func<IEvaluationTask, ICandidateEvaluator>? Workers { get; init; }

    /// <summary>The CIFAR-10 directory workers load from (--data-dir), if not the default.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Why <paramref name="config"/>'s trials cannot run on the engine's workers; empty when they can.</summary>
    public static IEnumerable<string> WorkerProblems(TrackConfig config)
    {
        if (config.Method != SearchMethod || config.Interval < 2 || config.Trials < 2)
        {
            yield return $"trials run on workers for method {SearchMethod} with interval (r) ≥ 2 and trials (K) ≥ 2 (got {config.Method}, r = {config.Interval}, K = {config.Trials})";
        }
    }

    /// <inheritdoc />
    public ITrackTrainer CreateTrainer(TrackConfig config, TrackData data) => Workers is { } workers
        ? new HybridEsWorkerTrainer(config, data, workers, DataDirectory)
        : new HybridEsTrainer(config, data);

    /// <inheritdoc />
    public IReadOnlyList<BenchRow> Sweep(TrackConfig preset, string sweep)
    {
        bool mnist = preset.Dataset.Equals("mnist", StringComparison.OrdinalIgnoreCase);
        string budget = $"{preset.Epochs} epochs × {preset.BatchSize}";
        IReadOnlyList<TrackConfig> Seeds(TrackConfig c) => [.. Enumerable.Range(0, 3).Select(s => c with { Seed = preset.Seed + (ulong)s })];
        string Paper(string text) => mnist ? text : "";
        var rows = new List<BenchRow>
        {
            new("BGD reference", budget, Seeds(preset with { Method = ReferenceMethod }), Paper("paper 99.54 / 96.57 %; PyTorch ref. dev 96.64 %, 14 s")),
        };
        if (sweep is "r" or "all")
        {
            rows.Add(new("H-ES r=2", $"{budget}, K={preset.Trials}, σ²=1.25", Seeds(preset with { Interval = 2, Sigma2 = 1.25 }),
                Paper("paper 96.80 / 94.21 %; PyTorch ref. dev 95.51 %, 48 s")));
            rows.Add(new("H-ES r=3", $"{budget}, K={preset.Trials}, σ²=1.25", Seeds(preset with { Interval = 3, Sigma2 = 1.25 }), Paper("paper 95.34 / 93.06 %")));
            rows.Add(new("H-ES r=4", $"{budget}, K={preset.Trials}, σ²=1.25", Seeds(preset with { Interval = 4, Sigma2 = 1.25 }), Paper("paper 94.21 / 92.23 %")));
            rows.Add(new("control: reuse gradient r=2", budget, Seeds(preset with { Method = ReuseMethod, Interval = 2 }), Paper("PyTorch ref. dev ≈ 95.5 %")));
        }
        if (sweep == "all")
        {
            rows.Add(new("control: no update r=2", budget, Seeds(preset with { Method = NoneMethod, Interval = 2 }), Paper("PyTorch ref. (author's notebook) dev 94.43 %")));
        }
        if (sweep is "sigma" or "all")
        {
            string[] paper = ["96.49 / 93.58 %", "96.54 / 93.73 %", "96.72 / 94.01 %", "96.69 / 93.98 %", "96.78 / 94.16 %", "96.80 / 94.21 %", "96.86 / 94.09 %"];
            for (int i = 0; i < Sigma2Sweep.Count; i++)
            {
                double s2 = Sigma2Sweep[i];
                if (sweep == "all" && s2 == 1.25)
                {
                    continue; // the r=2 row
                }
                rows.Add(new(string.Create(CultureInfo.InvariantCulture, $"H-ES r=2 σ²={s2}"), $"{budget}, K={preset.Trials}",
                    Seeds(preset with { Interval = 2, Sigma2 = s2 }), Paper($"paper {paper[i]}")));
            }
        }
        return rows;
    }
}
