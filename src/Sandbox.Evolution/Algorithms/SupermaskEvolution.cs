using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Binary supermask evolution (supermask-es §4.1): a population of score vectors over a frozen
/// random network; the top K are elites; each child is a random elite plus σ·ε. Elites are carried
/// over unchanged (and re-evaluated on the new context) unless <see cref="SupermaskConfig.KeepElites"/>
/// is off — the paper notes that never cloning elites lets good connections be unwound.
/// </summary>
public sealed class SupermaskEvolution : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "supermask";

    private readonly ulong _seed;
    private readonly int _population;
    private readonly int _parameters;
    private readonly SupermaskConfig _config;
    private float[][] _elites = [];

    /// <summary>Starts at generation 0 with no elites (generation 0 samples scores from N(0, 1)).</summary>
    public SupermaskEvolution(RunConfig config, SearchSpace space)
    {
        _seed = config.Seed;
        _population = config.Population;
        _parameters = space.Count;
        _config = config.Supermask;
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <summary>The elites' score vectors, best first.</summary>
    public IReadOnlyList<float[]> Elites => _elites;

    /// <inheritdoc />
    public float[] Champion => _elites.Length > 0 ? _elites[0] : throw new InvalidOperationException("no generation evaluated yet");

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population];
        var picks = _elites.Length == 0 ? [] : new float[_population];
        if (picks.Length > 0)
        {
            // Which elite each child descends from: one uniform draw per child from the generation's selection stream.
            PerturbationGenerator.Fill(picks, new NoiseKey(_seed, NoiseKey.SelectionStream, g, 0), 0, NoiseDistribution.Uniform);
        }
        for (int c = 0; c < _population; c++)
        {
            if (_elites.Length == 0)
            {
                candidates[c] = CandidateDescriptor.Perturbed(c, -1, new NoiseKey(_seed, NoiseKey.InitialScoresStream, 0, (uint)c), 1f);
            }
            else if (_config.KeepElites && c < _elites.Length)
            {
                candidates[c] = CandidateDescriptor.Clone(c, c);
            }
            else
            {
                int parent = Math.Min(_elites.Length - 1, (int)((picks[c] + 1f) * 0.5f * _elites.Length));
                candidates[c] = CandidateDescriptor.Perturbed(c, parent, new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c), _config.Sigma);
            }
        }
        return new GenerationTask { Generation = Generation, Bases = _elites, Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        if (task.Generation != Generation || fitness.Count != task.Candidates.Count)
        {
            throw new ArgumentException("results do not belong to the planned generation");
        }
        (_elites, var outcome) = TruncationSelection.Select(task, fitness, fitness.Count, _config.Elites, _parameters, Generation);
        Generation++;
        return outcome;
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new SupermaskState { Generation = Generation, Elites = _elites });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<SupermaskState>(state, "supermask");
        if (s.Generation < 0 || s.Elites.Length > _config.Elites || (s.Generation > 0) != (s.Elites.Length > 0))
        {
            throw new InvalidDataException("supermask state does not fit this configuration");
        }
        foreach (var e in s.Elites)
        {
            if (e is null || e.Length != _parameters || !AlgorithmStateCodec.AllFinite(e))
            {
                throw new InvalidDataException("supermask state does not fit this configuration");
            }
        }
        Generation = s.Generation;
        _elites = s.Elites;
    }
}
