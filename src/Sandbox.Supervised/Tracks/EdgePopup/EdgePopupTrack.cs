using System.Globalization;
using Sandbox.Supervised.Tracks.Networks;

namespace Sandbox.Supervised.Tracks.EdgePopup;

/// <summary>
/// Edge-popup (Ramanujan et al., "What's hidden in a randomly weighted neural network?"): a subnetwork of a frozen
/// random network found by training popup scores; with the learned-dense-weights baseline ("dense" method).
/// </summary>
public sealed class EdgePopupTrack : ITrack
{
    /// <summary>Method name of the score-trained subnetwork.</summary>
    public const string EdgePopupMethod = "edge-popup";

    /// <summary>Method name of the learned-dense-weights baseline.</summary>
    public const string DenseMethod = "dense";

    /// <summary>The dense baseline's learning rate: the paper's SGD baseline does not converge at 0.1 and uses 0.01.</summary>
    public const double DenseLearningRate = 0.01;

    /// <summary>Keep fractions of the paper's Fig. 3 sweep.</summary>
    public static IReadOnlyList<double> KeepSweep { get; } = [0.1, 0.3, 0.5, 0.7, 0.9];

    /// <inheritdoc />
    public string Name => "edge-popup";

    /// <inheritdoc />
    public string Description => "scores over frozen random weights, top-k% subnetwork, straight-through gradient (Ramanujan et al. 2020)";

    /// <inheritdoc />
    public IReadOnlyList<string> Sweeps { get; } = ["k", "init", "depth"];

    /// <inheritdoc />
    public TrackConfig Defaults(string preset, string dataset)
    {
        bool cifar = dataset.Replace("-", "").Equals("cifar10", StringComparison.OrdinalIgnoreCase);
        bool paper = preset == "paper";
        return new TrackConfig
        {
            Track = Name,
            Method = EdgePopupMethod,
            Dataset = dataset,
            Preset = preset,
            Architecture = cifar ? (paper ? "conv4" : "conv2") : "fc",
            // CPU: FC reaches its plateau in 10 epochs; a Conv2 epoch on CIFAR-10 takes minutes on 2 cores.
            Epochs = paper ? 100 : cifar ? 2 : 10,
            BatchSize = 128,
            LearningRate = 0.1,
            Momentum = 0.9,
            WeightDecay = 1e-4,
            Keep = 0.5,
            Init = "signed-constant",
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(TrackConfig config)
    {
        var problems = config.ValidateCommon();
        if (config.Method is not (EdgePopupMethod or DenseMethod))
        {
            problems.Add($"method '{config.Method}' is not an edge-popup method: use {EdgePopupMethod} or {DenseMethod}");
        }
        if (!SubnetClassifier.Names.Contains(config.Architecture))
        {
            problems.Add($"architecture '{config.Architecture}' is unknown to edge-popup: use {string.Join(", ", SubnetClassifier.Names)}");
        }
        if (!(config.Keep is > 0 and <= 1))
        {
            problems.Add($"keep must be in (0, 1]: it is the fraction of weights KEPT (got {config.Keep.ToString(CultureInfo.InvariantCulture)})");
        }
        if (WeightDistributions.Parse(config.Init) is null)
        {
            problems.Add($"init '{config.Init}' is unknown: use {string.Join(", ", WeightDistributions.Names)}");
        }
        return problems;
    }

    /// <inheritdoc />
    public ITrackTrainer CreateTrainer(TrackConfig config, TrackData data) => new EdgePopupTrainer(config, data);

    /// <inheritdoc />
    public IReadOnlyList<BenchRow> Sweep(TrackConfig preset, string sweep)
    {
        bool mnist = preset.Dataset.Equals("mnist", StringComparison.OrdinalIgnoreCase);
        bool cifar = preset.Dataset.Equals("cifar10", StringComparison.OrdinalIgnoreCase);
        int seeds = preset.Preset == "paper" && cifar ? 5 : 1;
        string budget = $"{preset.Architecture}, {preset.Epochs} epochs";
        IReadOnlyList<TrackConfig> Seeds(TrackConfig c) => [.. Enumerable.Range(0, seeds).Select(s => c with { Seed = preset.Seed + (ulong)s })];
        var rows = new List<BenchRow>
        {
            new("learned dense", budget, Seeds(preset with { Method = DenseMethod, LearningRate = DenseLearningRate, Keep = 1 }),
                cifar ? "paper Fig. 3: horizontal line, value not given in the text" : ""),
        };
        if (sweep == "depth")
        {
            // The paper's Fig. 3 "going deeper": Conv2 to Conv8, learned dense against edge-popup at k = 50 %.
            rows.Clear();
            foreach (string architecture in SubnetClassifier.Names.Where(n => n.StartsWith("conv", StringComparison.Ordinal)))
            {
                var deep = preset with { Architecture = architecture };
                string setting = $"{architecture}, {preset.Epochs} epochs";
                rows.Add(new($"learned dense {architecture}", setting, Seeds(deep with { Method = DenseMethod, LearningRate = DenseLearningRate, Keep = 1 }),
                    cifar ? "paper Fig. 3: value not given in the text" : ""));
                rows.Add(new($"edge-popup {architecture} k=50%", setting, Seeds(deep with { Keep = 0.5 }),
                    cifar ? "paper Fig. 3: value not given in the text" : ""));
            }
            return rows;
        }
        if (sweep == "init")
        {
            foreach (string init in WeightDistributions.Names)
            {
                rows.Add(new($"edge-popup {init} k=50%", budget, Seeds(preset with { Init = init, Keep = 0.5 }),
                    cifar ? "paper Fig. 7: value not given in the text" : ""));
            }
            return rows;
        }
        foreach (double k in KeepSweep)
        {
            rows.Add(new(string.Create(CultureInfo.InvariantCulture, $"edge-popup k={k * 100:0}%"), budget, Seeds(preset with { Keep = k }),
                mnist ? MnistReference(k) : cifar ? "paper Fig. 3: value not given in the text" : ""));
        }
        return rows;
    }

    /// <summary>
    /// The issue's measurement with the authors' code on this machine (PyTorch 1.13, FC, MNIST, signed constant):
    /// 3-epoch accuracies for the k sweep and the 10-epoch figure at k = 50 %. The paper itself has no MNIST numbers.
    /// </summary>
    private static string MnistReference(double k) => Math.Round(k * 100) switch
    {
        10 => "PyTorch ref. 89.9 % after 3 epochs",
        30 => "PyTorch ref. 94.8 % after 3 epochs",
        50 => "PyTorch ref. 96.4 % after 3 epochs, 97.15 % after 10",
        70 => "PyTorch ref. 96.5 % after 3 epochs",
        90 => "PyTorch ref. 95.2 % after 3 epochs",
        _ => "",
    };
}
