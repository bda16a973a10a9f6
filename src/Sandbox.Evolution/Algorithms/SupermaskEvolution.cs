using Sandbox.Core.Perturbations;
using Sandbox.Core.Random;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Policies.Normalization;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Binary supermask evolution (supermask-es §4.1): a population of score vectors over a frozen
/// random network; the top K are elites; each child is a random elite plus σ·ε. Elites are carried
/// over unchanged (and re-evaluated on the new episodes) unless <see cref="SupermaskConfig.KeepElites"/>
/// is off — the paper notes that never cloning elites lets good connections be unwound.
/// </summary>
public sealed class SupermaskEvolution : IEvolutionAlgorithm
{
    private readonly ulong _seed;
    private readonly int _population;
    private readonly int _parameters;
    private readonly SupermaskConfig _config;
    private float[][] _elites = [];
    private double[] _eliteSparsity = [];

    /// <summary>Starts at generation 0 with no elites (generation 0 samples scores from N(0, 1)).</summary>
    public SupermaskEvolution(RunConfig config, int parameterCount)
    {
        _seed = config.Seed;
        _population = config.Population;
        _parameters = parameterCount;
        _config = config.Supermask;
    }

    /// <inheritdoc />
    public string Name => RunConfig.SupermaskAlgorithm;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <summary>The elites' score vectors, best first.</summary>
    public IReadOnlyList<float[]> Elites => _elites;

    /// <inheritdoc />
    public float[] Champion => _elites.Length > 0 ? _elites[0] : throw new InvalidOperationException("no generation evaluated yet");

    /// <inheritdoc />
    public ObservationNormalizer? Normalizer => null;

    /// <inheritdoc />
    public GenerationTask Plan(long[] episodeSeeds)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population];
        for (int c = 0; c < _population; c++)
        {
            if (_elites.Length == 0)
            {
                candidates[c] = new CandidateDescriptor(c, -1, new NoiseKey(_seed, NoiseKey.InitialScoresStream, 0, (uint)c), 1f);
            }
            else if (_config.KeepElites && c < _elites.Length)
            {
                candidates[c] = new CandidateDescriptor(c, c, default, 0f);
            }
            else
            {
                var pick = Philox4x32.Generate((uint)c, g, NoiseKey.SelectionStream, 0, (uint)_seed, (uint)(_seed >> 32));
                int parent = (int)(pick.X0 % (uint)_elites.Length);
                candidates[c] = new CandidateDescriptor(c, parent, new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c), _config.Sigma);
            }
        }
        return new GenerationTask
        {
            Generation = Generation,
            Bases = _elites,
            EpisodeSeeds = episodeSeeds,
            Candidates = candidates,
        };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<CandidateResult> results)
    {
        if (task.Generation != Generation || results.Count != task.Candidates.Count)
        {
            throw new ArgumentException("results do not belong to the planned generation");
        }
        var order = RankDescending(results);
        int k = Math.Min(_config.Elites, results.Count);
        var elites = new float[k][];
        var sparsity = new double[k];
        for (int i = 0; i < k; i++)
        {
            int c = order[i];
            elites[i] = new float[_parameters];
            task.Candidates[c].Materialize(task.Bases, elites[i]);
            sparsity[i] = results[c].Sparsity;
        }
        double mean = 0, eliteMean = 0;
        foreach (var r in results)
        {
            mean += r.MeanReturn;
        }
        for (int i = 0; i < k; i++)
        {
            eliteMean += results[order[i]].MeanReturn;
        }
        _elites = elites;
        _eliteSparsity = sparsity;
        var outcome = new GenerationOutcome
        {
            Generation = Generation,
            Best = results[order[0]].MeanReturn,
            Mean = mean / results.Count,
            Elite = eliteMean / k,
            ChampionFitness = results[order[0]].MeanReturn,
            ChampionSparsity = _eliteSparsity[0],
        };
        Generation++;
        return outcome;
    }

    /// <summary>Candidate indices by fitness, best first; ties go to the lower index so the order is deterministic.</summary>
    internal static int[] RankDescending(IReadOnlyList<CandidateResult> results)
    {
        var order = new int[results.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            int byFitness = results[b].MeanReturn.CompareTo(results[a].MeanReturn);
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        });
        return order;
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new SupermaskState
    {
        Generation = Generation,
        Elites = _elites,
        Sparsity = _eliteSparsity,
    });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<SupermaskState>(state, "supermask");
        if (s.Generation < 0 || s.Elites.Length != s.Sparsity.Length || s.Elites.Length > _config.Elites
            || s.Elites.Any(e => e is null || e.Length != _parameters) || (s.Generation > 0 && s.Elites.Length == 0))
        {
            throw new InvalidDataException("supermask state does not fit this configuration");
        }
        Generation = s.Generation;
        _elites = s.Elites;
        _eliteSparsity = s.Sparsity;
    }
}
