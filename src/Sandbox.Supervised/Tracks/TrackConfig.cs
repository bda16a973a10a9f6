using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// Everything one supervised training run depends on: with the dataset files, the run is a function of this
/// record (seed included). Tracks read the fields they use and <see cref="ITrack.Validate"/> checks them; the
/// resolved record is written as runs/&lt;name&gt;/config.json and read back by --resume.
/// </summary>
public sealed record TrackConfig
{
    /// <summary>Track name ("edge-popup", "hybrid-es", "random-bases").</summary>
    public string Track { get; init; } = "edge-popup";

    /// <summary>Variant within the track: edge-popup "edge-popup" or "dense" (learned weights); hybrid-es "search", "reference" (plain batch GD), "reuse" (control: re-apply the previous gradient), "none" (stochastic steps change nothing); rso "sequential", "layer-parallel", "neuron-parallel".</summary>
    public string Method { get; init; } = "edge-popup";

    /// <summary>Dataset name (see the dataset catalog).</summary>
    public string Dataset { get; init; } = "mnist";

    /// <summary>Preset the defaults came from ("cpu" or "paper"), for the record.</summary>
    public string Preset { get; init; } = "cpu";

    /// <summary>Run seed: frozen weights, scores, data order and search noise all derive from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Training epochs.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per minibatch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Initial learning rate (edge-popup: cosine-decayed per epoch to 0; hybrid-es: fixed, on the mean gradient).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Weight decay (edge-popup: on the scores; dense: on the weights) or L2 coefficient λ (hybrid-es: cost + λ·Σ‖W‖²).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Network: "fc" (784-300-100-10 style, no biases), "conv2", "conv4", "conv6", "conv8", "mlp300" (hybrid-es: one sigmoid hidden layer of 300 with biases), or rso "mnist6", "depth3", "depth5".</summary>
    public string Architecture { get; init; } = "fc";

    /// <summary>Width multiplier of every hidden layer / channel count.</summary>
    public double Width { get; init; } = 1.0;

    /// <summary>Edge-popup k: the fraction of each layer's weights KEPT in the subnetwork (0.5 keeps half); the paper's "% of weights".</summary>
    public double Keep { get; init; } = 0.5;

    /// <summary>Frozen weight distribution: "signed-constant" (default), "kaiming-normal", "scaled-signed-constant", "scaled-kaiming-normal".</summary>
    public string Init { get; init; } = "signed-constant";

    /// <summary>Examples held out of the training set as the dev split (0: none; hybrid-es uses 10 000).</summary>
    public int DevExamples { get; init; }

    /// <summary>Use only the first N training examples (0: all) — for quick runs and tests.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test (and dev) examples (0: all) — for quick runs and tests.</summary>
    public int TestLimit { get; init; }

    /// <summary>Intra-op threads for this run's tensor products (results are reproducible for a given count).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Random bases: directions d per step (RBD, FPD; NES evaluates d perturbations as d/2 antithetic pairs).</summary>
    public int Directions { get; init; } = 250;

    /// <summary>Random bases: the directions' distribution, "gaussian" (default), "uniform" ([-1, 1]) or "bernoulli" (zero-mean, ±1).</summary>
    public string Basis { get; init; } = "gaussian";

    /// <summary>Random bases: "one" compartment, "layer" (one per parameter block, directions in proportion) or a count K of equal compartments.</summary>
    public string Compartments { get; init; } = "one";

    /// <summary>
    /// Random bases: K parallel workers of Algorithm 1 (right) — worker k draws its own base of d directions and
    /// computes its coordinates on the k-th of K equal parts of the minibatch; θ moves by all K workers' updates.
    /// 1 = the single-worker algorithm. Where the shards run (in process, N worker processes) does not change θ.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>Random bases NES: the norm of each antithetic perturbation (directions have unit expected norm).</summary>
    public double NesSigma { get; init; } = 1.0;

    /// <summary>Hybrid-ES r: every r-th iteration is a full backprop step (1 = every step).</summary>
    public int Interval { get; init; } = 2;

    /// <summary>Hybrid-ES K: candidate gradients tried per stochastic iteration.</summary>
    public int Trials { get; init; } = 10;

    /// <summary>Hybrid-ES σ² as the paper writes it (1.25 is its best).</summary>
    public double Sigma2 { get; init; } = 1.25;

    /// <summary>
    /// How σ² becomes the noise on the mean gradient: "author" (the author's code: σ² is the standard deviation of
    /// noise on the gradient SUMMED over the minibatch, so std = σ²/batch on the mean gradient) or "literal"
    /// (variance σ² on the mean gradient, std = √σ²; does not train at learning rate 5).
    /// </summary>
    public string NoiseScale { get; init; } = "author";

    /// <summary>RSO: searched parameters that share one minibatch before a fresh one is drawn (1 = a new minibatch per weight, as the paper does).</summary>
    public int ResampleEvery { get; init; } = 1;

    /// <summary>
    /// RSO: cycles over which σ is annealed from σ_d to σ_d/10 (0: the run's own cycles). A short run can anneal as a
    /// longer one would and stop early. Left out of the JSON when 0, so configs written before it still resume.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int AnnealCycles { get; init; }

    /// <summary>Options for JSON: snake_case, indented, unknown keys refused.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Labels such as "σ²" and "×" stay readable in metrics and bench lines.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The same options on one line (checkpoints, metrics lines; NaN is written as "NaN").</summary>
    public static JsonSerializerOptions CompactJson { get; } = new(Json) { WriteIndented = false };

    /// <summary>The config as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses a config (unknown keys are errors); <paramref name="name"/> names the source in the message.</summary>
    /// <exception cref="TrackConfigException">Unreadable JSON or an unknown key.</exception>
    public static TrackConfig FromJson(string json, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<TrackConfig>(json, Json) ?? throw new TrackConfigException($"{name}: empty config");
        }
        catch (JsonException e)
        {
            throw new TrackConfigException($"{name}: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>Reads a config file.</summary>
    public static TrackConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TrackConfigException($"config file '{path}' does not exist");
        }
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>Problems common to every track (the track adds its own).</summary>
    public List<string> ValidateCommon()
    {
        var problems = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
        Require(Epochs is >= 1 and <= 100_000, $"epochs must be between 1 and 100000 (got {Epochs})");
        Require(BatchSize is >= 1 and <= 1_000_000, $"batch_size must be between 1 and 1000000 (got {BatchSize})");
        Require(double.IsFinite(LearningRate) && LearningRate > 0, $"learning_rate must be positive (got {Format(LearningRate)})");
        Require(double.IsFinite(Momentum) && Momentum is >= 0 and < 1, $"momentum must be in [0, 1) (got {Format(Momentum)})");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"weight_decay must be non-negative (got {Format(WeightDecay)})");
        Require(double.IsFinite(Width) && Width is > 0 and <= 64, $"width must be in (0, 64] (got {Format(Width)})");
        Require(DevExamples >= 0 && TrainLimit >= 0 && TestLimit >= 0, "dev_examples, train_limit and test_limit must be non-negative");
        Require(Threads is >= 1 and <= 256, $"threads must be between 1 and 256 (got {Threads})");
        return problems;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
