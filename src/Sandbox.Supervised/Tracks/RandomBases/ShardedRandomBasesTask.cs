using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// Parallel random-bases descent (Gressmann et al. 2020, Algorithm 1 right) as an engine task. Its state is the step
/// t and θ. A generation is one step; candidate k is worker k of K (<see cref="TrackConfig.Shards"/>): at θ_t it
/// takes the k-th of K equal parts of step t's minibatch, draws its own base (directions kd … kd + d − 1 of
/// generation t, so worker 0 draws the single-worker base) and returns only its d coordinates c_k = E_kᵀ∇L as
/// statistics. <see cref="Commit"/> — run identically by the run and by every worker replica — regenerates all K
/// bases from the seed and applies θ ← θ − η Σ_k E_k c_k, in worker order. A result is a pure function of
/// (θ, seed, step, k), computed on one intra-op thread wherever it runs, so θ is the same for any number of worker
/// processes and when a killed worker's shard is recomputed on a fresh one.
/// </summary>
public sealed class ShardedRandomBasesTask : TrackTask
{
    /// <summary>The engine task kind.</summary>
    public const string TaskKind = "random-bases";

    private readonly GeneratedBasis[] _bases;
    private readonly float[] _coefficients;

    /// <summary>The task at step 0 for a valid random-bases <paramref name="config"/> with method rbd.</summary>
    /// <exception cref="TrackConfigException">The architecture does not fit the dataset's images.</exception>
    public ShardedRandomBasesTask(TrackConfig config, TrackData data)
        : this(config, data, FlatNetwork.For(config, data.Train))
    {
    }

    private ShardedRandomBasesTask(TrackConfig config, TrackData data, FlatNetwork network)
        : base(config, data, network.ParameterCount)
    {
        Network = network;
        Theta = new float[Network.ParameterCount];
        Network.Initialise(Theta, config.Seed);
        Compartments = RandomBases.Compartments.Split(config.Compartments, Network.LayerSizes, config.Directions);
        _bases = [.. Enumerable.Range(0, config.Shards).Select(k => Basis(k, config.Threads))];
        _coefficients = new float[config.Directions];
    }

    /// <summary>The network θ parameterises.</summary>
    public FlatNetwork Network { get; }

    /// <summary>The compartments every worker's base is split into.</summary>
    public IReadOnlyList<Compartment> Compartments { get; }

    /// <summary>θ after <see cref="Step"/> steps.</summary>
    public float[] Theta { get; }

    /// <summary>Steps applied.</summary>
    public long Step { get; private set; }

    /// <summary>Worker <paramref name="shard"/>'s base (generation set per step) on <paramref name="threads"/> threads (results do not depend on them).</summary>
    internal GeneratedBasis Basis(int shard, int threads) =>
        new(Compartments, Config.Seed, NoiseKey.RandomBasesStream, RandomBasesTrack.Distribution(Config.Basis), threads, (uint)(shard * Config.Directions));

    /// <inheritdoc />
    public override string Kind => TaskKind;

    /// <inheritdoc />
    protected override string NetworkDescription => Network.Describe;

    /// <inheritdoc />
    protected override IEnumerable<(string Key, object Value)> ProvenanceDetails => [("shards", Config.Shards), ("directions", Config.Directions)];

    /// <inheritdoc />
    public override EvaluationContext TrainingContext(int generation) => new([generation]);

    /// <inheritdoc />
    public override ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device) => new ShardEvaluator(this);

    /// <inheritdoc />
    public override byte[] ExportState()
    {
        var bytes = new byte[8 + 4 * Theta.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Step);
        MemoryMarshal.AsBytes(Theta.AsSpan()).CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    /// <inheritdoc />
    public override void ImportState(ReadOnlySpan<byte> state)
    {
        if (state.Length != 8 + 4 * Theta.Length || BinaryPrimitives.ReadInt64LittleEndian(state) < 0)
        {
            throw new InvalidDataException($"a random-bases state is a step and {Theta.Length} parameters ({8 + 4 * Theta.Length} bytes), not {state.Length} bytes");
        }
        Step = BinaryPrimitives.ReadInt64LittleEndian(state);
        state[8..].CopyTo(MemoryMarshal.AsBytes(Theta.AsSpan()));
    }

    /// <summary>Sets the state (a resumed run).</summary>
    internal void Restore(long step, ReadOnlySpan<float> theta)
    {
        Step = step;
        theta.CopyTo(Theta);
    }

    /// <summary>θ ← θ − η Σ_k E_k c_k with every worker's coordinates (the statistics, in worker order); the step advances.</summary>
    /// <exception cref="InvalidDataException">Not K results of d coordinates each.</exception>
    public override void Commit(IReadOnlyList<CandidateResult> results)
    {
        if (results.Count != _bases.Length)
        {
            throw new InvalidDataException($"{results.Count} shard results for {_bases.Length} shards");
        }
        float rate = (float)Config.LearningRate;
        for (int k = 0; k < _bases.Length; k++)
        {
            var coordinates = results[k].Statistics;
            if (results[k].Index != k || coordinates is null || coordinates.Length != _coefficients.Length)
            {
                throw new InvalidDataException($"shard result {k} does not carry {_coefficients.Length} coordinates");
            }
            // The same float arithmetic as the single-worker step (−η · c_j, then its lane sums into θ).
            for (int j = 0; j < coordinates.Length; j++)
            {
                _coefficients[j] = (float)coordinates[j] * -rate;
            }
            _bases[k].Generation = (uint)Step;
            _bases[k].AddAlongLanes(Theta, _coefficients);
        }
        Step++;
    }

    /// <inheritdoc />
    public override byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance)
    {
        float[] theta = champion.ToArray();
        return Network.ToModel(theta, Data.Dataset, provenance) is { } model
            ? ClassifierFile.ToBytes(model)
            : ClassifierFile.ToBytes(Network.ToConvModel(theta, Data.Dataset, provenance)
                ?? throw new NotSupportedException($"the model file cannot express {Network.Describe}"));
    }
}
