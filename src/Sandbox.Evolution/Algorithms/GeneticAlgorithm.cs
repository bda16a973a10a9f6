using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// A genetic algorithm with truncation selection and Gaussian mutation, no crossover (Such et al. 2017, "Deep
/// Neuroevolution"): the best T of a generation become parents; the best E are carried over unchanged (re-evaluated on
/// the next context); every other child is a uniformly drawn parent plus σ·ε. Generation 0 draws each individual as
/// its own initialisation: N(0, (scale/√fan_in)²) weights and zero biases, expressed as a noise term shaped by the
/// per-parameter scale vector (base 0), so workers regenerate it from the key.
/// </summary>
public sealed class GeneticAlgorithm : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "ga";

    private readonly ulong _seed;
    private readonly int _population;
    private readonly int _parameters;
    private readonly GaConfig _config;
    private readonly float[] _initialScale;
    private float[][] _parents = [];

    /// <summary>Starts at generation 0 with no parents.</summary>
    public GeneticAlgorithm(RunConfig config, SearchSpace space)
    {
        _seed = config.Seed;
        _population = config.Population;
        _parameters = space.Count;
        _config = config.Ga;
        _initialScale = new float[space.Count];
        foreach (var segment in space.Segments)
        {
            if (!segment.IsBias)
            {
                Array.Fill(_initialScale, _config.InitScale / MathF.Sqrt(segment.FanIn), segment.Offset, segment.Length);
            }
        }
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _parents.Length > 0 ? _parents[0] : throw new InvalidOperationException("no generation evaluated yet");

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population];
        if (_parents.Length == 0)
        {
            for (int c = 0; c < _population; c++)
            {
                var key = new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c);
                candidates[c] = new CandidateDescriptor(c, -1, [new NoiseTerm(key, 1f, NoiseDistribution.Gaussian, 0)]);
            }
            return new GenerationTask { Generation = Generation, Bases = [_initialScale], Context = context, Candidates = candidates };
        }
        // Which parent each child descends from: one uniform draw per child from the generation's selection stream.
        var picks = new float[_population];
        PerturbationGenerator.Fill(picks, new NoiseKey(_seed, NoiseKey.SelectionStream, g, 0), 0, NoiseDistribution.Uniform);
        int elites = Math.Min(_config.Elites, _parents.Length);
        for (int c = 0; c < _population; c++)
        {
            if (c < elites)
            {
                candidates[c] = CandidateDescriptor.Clone(c, c);
                continue;
            }
            int parent = Math.Min(_parents.Length - 1, (int)((picks[c] + 1f) * 0.5f * _parents.Length));
            candidates[c] = CandidateDescriptor.Perturbed(c, parent, new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c), _config.Sigma);
        }
        return new GenerationTask { Generation = Generation, Bases = _parents, Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        CentreOutcome.Check(task, fitness, Generation, _population);
        (_parents, var outcome) = TruncationSelection.Select(task, fitness, _population, _config.Truncation, _parameters, Generation);
        Generation++;
        return outcome;
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new GaState { Generation = Generation, Parents = _parents });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<GaState>(state, "GA");
        if (s.Generation < 0 || s.Parents is null || s.Parents.Length > _config.Truncation || (s.Generation > 0) != (s.Parents.Length > 0)
            || !Array.TrueForAll(s.Parents, p => p is not null && p.Length == _parameters && AlgorithmStateCodec.AllFinite(p)))
        {
            throw new InvalidDataException("GA state does not fit this configuration");
        }
        Generation = s.Generation;
        _parents = s.Parents;
    }
}
