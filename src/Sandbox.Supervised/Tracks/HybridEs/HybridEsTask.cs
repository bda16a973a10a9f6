using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using Sandbox.Tensors.Devices;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Hybrid-ES (Algorithm 2) as an engine task whose state is the iteration i, θ and the gradient g carried forward.
/// Every replica — the training run and each worker — holds its own copy and keeps it in lockstep by replaying the
/// same deterministic updates: the full backprop step of every full iteration (i mod r = 0) on its own copy, from
/// the same minibatch, on the config's thread count; and, after each stochastic iteration, the chosen trial. A
/// generation is one stochastic iteration (<see cref="IterationOf"/>); candidate k is trial k, whose noise key is
/// (run seed, search stream, i, k), so a worker reconstructs it from the seed in its config, the iteration in the
/// generation's context and k, and returns only its cost (fitness −cost) and the loss, correct count and batch size
/// as metrics. <see cref="Commit"/> picks the lowest cost (the first of equals), rebuilds that trial from its key and
/// applies it. Full steps need no messages: a worker replica takes them right after committing the stochastic
/// iteration before them (while the training run takes its own), or catches up on them when it next hears of a
/// stochastic iteration. Each result carries a digest of the evaluating replica's θ and g, and every commit checks it, so a
/// replica out of step stops the run instead of changing it silently.
/// </summary>
public sealed class HybridEsTask : TrackTask
{
    /// <summary>The engine task kind.</summary>
    public const string TaskKind = "hybrid-es";

    private readonly MinibatchLoader _loader;
    private readonly Tensor _noise;
    private readonly float _noiseStd;

    /// <summary>
    /// The task at iteration 0 for a valid hybrid-es <paramref name="config"/> with method search and r ≥ 2;
    /// <paramref name="replica"/>: a worker's copy, which takes the full steps after each commit at once.
    /// </summary>
    public HybridEsTask(TrackConfig config, TrackData data, bool replica = false)
        : this(config, data, replica, CreateNetwork(config, data))
    {
    }

    private HybridEsTask(TrackConfig config, TrackData data, bool replica, HybridEsNetwork network)
        : base(config, data, network.ParameterCount)
    {
        Replica = replica;
        Network = network;
        int p = Network.ParameterCount;
        Theta = TensorCopy.FromSpan(Network.Initial(config.Seed), p);
        Gradient = zeros(p);
        _noise = zeros(p);
        _loader = new MinibatchLoader(data.Train, config.BatchSize, config.Seed);
        _noiseStd = (float)HybridEsTrainer.NoiseStd(config);
    }

    private static HybridEsNetwork CreateNetwork(TrackConfig config, TrackData data)
    {
        Sandbox.Tensors.Loading.TorchRuntime.EnsureInitialized();
        return new HybridEsNetwork(config, data.Train);
    }

    /// <summary>Whether this is a worker's copy (see the constructor).</summary>
    public bool Replica { get; }

    /// <summary>The network θ parameterises.</summary>
    public HybridEsNetwork Network { get; }

    /// <summary>θ after <see cref="Iteration"/> iterations (flat, model-file layout).</summary>
    public Tensor Theta { get; }

    /// <summary>The gradient carried forward.</summary>
    public Tensor Gradient { get; }

    /// <summary>Iterations applied: the next one to run.</summary>
    public long Iteration { get; private set; }

    /// <summary>Minibatches per epoch.</summary>
    public int BatchesPerEpoch => _loader.BatchesPerEpoch;

    /// <summary>The standard deviation of ε on the mean gradient.</summary>
    public float NoiseStd => _noiseStd;

    /// <summary>The iteration and trial of the last candidate applied.</summary>
    public (long Iteration, int Member)? LastChoice { get; private set; }

    /// <summary>Whether iteration <paramref name="iteration"/> is a full backprop step (i mod r = 0).</summary>
    public bool IsFull(long iteration) => iteration % Config.Interval == 0;

    /// <summary>The iteration of stochastic iteration number <paramref name="generation"/> (the engine's generation), for r ≥ 2.</summary>
    public long IterationOf(int generation)
    {
        int between = Config.Interval - 1;
        return (long)(generation / between) * Config.Interval + 1 + generation % between;
    }

    /// <summary>How many stochastic iterations come before <paramref name="iteration"/>: i − ⌈i / r⌉.</summary>
    public int StochasticBefore(long iteration) => (int)(iteration - (iteration + Config.Interval - 1) / Config.Interval);

    /// <summary>Loads <paramref name="iteration"/>'s minibatch (epoch i / B, batch i mod B) into <paramref name="loader"/>.</summary>
    internal void Load(MinibatchLoader loader, long iteration) =>
        loader.Load((int)(iteration / loader.BatchesPerEpoch), (int)(iteration % loader.BatchesPerEpoch));

    /// <summary>
    /// The full backprop step of the current (full) iteration on the config's threads — the in-process trainer's
    /// arithmetic — then the iteration advances. Returns the minibatch cross-entropy and correct count before the step.
    /// </summary>
    public (float Loss, long Correct) FullStep()
    {
        if (!IsFull(Iteration))
        {
            throw new InvalidOperationException($"iteration {Iteration} is not a full step (r = {Config.Interval})");
        }
        using var threads = Threads.Use(Config.Threads);
        Load(_loader, Iteration);
        using var scope = NewDisposeScope();
        var result = Network.FullStep(Theta, Gradient, _loader.Images, _loader.Labels, Config.LearningRate, Config.WeightDecay);
        Iteration++;
        return result;
    }

    /// <summary>Replays the full steps up to stochastic iteration <paramref name="iteration"/> (none when already there).</summary>
    /// <exception cref="InvalidDataException">The iteration is behind this replica or not stochastic.</exception>
    public void CatchUp(long iteration)
    {
        if (iteration < Iteration || IsFull(iteration))
        {
            throw new InvalidDataException($"stochastic iteration {iteration} asked of a replica at iteration {Iteration} (r = {Config.Interval})");
        }
        while (Iteration < iteration)
        {
            FullStep();
        }
    }

    /// <summary>A digest of θ and g (52 bits, exact as a double): equal on two replicas only if they hold the same bits.</summary>
    public double Digest()
    {
        ulong h = 14695981039346656037UL;
        foreach (var tensor in new[] { Theta, Gradient })
        {
            var words = MemoryMarshal.Cast<float, ulong>(TensorCopy.Floats(tensor));
            foreach (ulong w in words)
            {
                h = (h ^ w) * 1099511628211UL;
            }
            if (tensor.numel() % 2 == 1)
            {
                h = (h ^ BitConverter.SingleToUInt32Bits(TensorCopy.Floats(tensor)[^1])) * 1099511628211UL;
            }
        }
        return h >> 12;
    }

    /// <inheritdoc />
    public override string Kind => TaskKind;

    /// <inheritdoc />
    protected override string NetworkDescription => Network.Describe;

    /// <inheritdoc />
    protected override IEnumerable<(string Key, object Value)> ProvenanceDetails => [("interval", Config.Interval), ("trials", Config.Trials)];

    /// <inheritdoc />
    public override EvaluationContext TrainingContext(int generation) => new([IterationOf(generation)]);

    /// <inheritdoc />
    public override ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device) => new TrialEvaluator(this);

    /// <inheritdoc />
    public override byte[] ExportState()
    {
        int p = Network.ParameterCount;
        var bytes = new byte[8 + 8 * p];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Iteration);
        MemoryMarshal.AsBytes(TensorCopy.Floats(Theta)).CopyTo(bytes.AsSpan(8));
        MemoryMarshal.AsBytes(TensorCopy.Floats(Gradient)).CopyTo(bytes.AsSpan(8 + 4 * p));
        return bytes;
    }

    /// <inheritdoc />
    public override void ImportState(ReadOnlySpan<byte> state)
    {
        int p = Network.ParameterCount;
        if (state.Length != 8 + 8 * p || BinaryPrimitives.ReadInt64LittleEndian(state) < 0)
        {
            throw new InvalidDataException($"a hybrid-es state is an iteration, {p} parameters and {p} gradient values ({8 + 8 * p} bytes), not {state.Length} bytes");
        }
        Restore(BinaryPrimitives.ReadInt64LittleEndian(state), MemoryMarshal.Cast<byte, float>(state.Slice(8, 4 * p)), MemoryMarshal.Cast<byte, float>(state[(8 + 4 * p)..]));
    }

    /// <summary>Sets the iteration of a resumed run (θ and g imported already).</summary>
    internal void Resume(long iteration) => Iteration = iteration;

    /// <summary>Sets the state.</summary>
    private void Restore(long iteration, ReadOnlySpan<float> theta, ReadOnlySpan<float> gradient)
    {
        Iteration = iteration;
        theta.CopyTo(TensorCopy.Floats(Theta));
        gradient.CopyTo(TensorCopy.Floats(Gradient));
    }

    /// <summary>
    /// Applies the stochastic iteration the results are of (the next one at or after <see cref="Iteration"/>, after
    /// replaying the full steps before it): the lowest-cost trial k, θ ← (θ − α·g) − α·ε_k and g ← g + ε_k, ε_k
    /// regenerated from its key — the in-process trainer's arithmetic.
    /// </summary>
    /// <exception cref="InvalidDataException">Not one result per trial, or a result from a replica out of step.</exception>
    public override void Commit(IReadOnlyList<CandidateResult> results)
    {
        long iteration = Iteration;
        while (IsFull(iteration))
        {
            iteration++;
        }
        CatchUp(iteration);
        if (results.Count != Config.Trials)
        {
            throw new InvalidDataException($"{results.Count} trial results for {Config.Trials} trials");
        }
        double digest = Digest();
        int best = 0;
        for (int k = 0; k < results.Count; k++)
        {
            if (results[k].Index != k || results[k].Statistics is not [double theirs])
            {
                throw new InvalidDataException($"trial result {k} of iteration {iteration} does not carry its replica's digest");
            }
            if (theirs != digest)
            {
                throw new InvalidDataException(
                    $"trial {k} of iteration {iteration} was evaluated by a replica whose θ and g differ from this process's (a full step did not replay bit for bit)");
            }
            best = results[k].Fitness > results[best].Fitness ? k : best; // the first of equal costs
        }
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            HybridEsNetwork.FillNoise(TensorCopy.Floats(_noise), Config.Seed, iteration, best, _noiseStd);
            double alpha = Config.LearningRate;
            var stepped = Theta - alpha * Gradient;
            Theta.copy_(stepped - alpha * _noise);
            Gradient.add_(_noise);
        }
        LastChoice = (iteration, best);
        Iteration = iteration + 1;
        long end = (long)Config.Epochs * BatchesPerEpoch;
        while (Replica && Iteration < end && IsFull(Iteration))
        {
            FullStep();
        }
    }

    /// <inheritdoc />
    public override byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance) =>
        ClassifierFile.ToBytes(Network.ToModel(champion.ToArray(), Data.Dataset, provenance));

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        _loader.Dispose();
        _noise.Dispose();
        Gradient.Dispose();
        Theta.Dispose();
    }
}
