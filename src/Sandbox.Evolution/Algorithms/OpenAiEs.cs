using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Full-weight evolution strategies as in Salimans et al. (2017): mirrored Gaussian perturbations of
/// a centre, centred-rank fitness shaping, Adam on the centre with weight decay. The centre itself is
/// evaluated as an extra candidate (index <c>population</c>) for reporting; it does not enter the update.
/// </summary>
public sealed class OpenAiEs : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "es";

    private readonly ulong _seed;
    private readonly int _population;
    private readonly EsConfig _config;
    private readonly float[] _centre;
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly double[] _gradient;
    private const int GradientChunk = 4096;
    private int _adamSteps;

    /// <summary>Starts from a centre drawn from the run seed (or zeros when <see cref="EsConfig.InitScale"/> is 0).</summary>
    public OpenAiEs(RunConfig config, SearchSpace space)
    {
        _seed = config.Seed;
        _population = config.Population;
        _config = config.Es;
        int n = space.Count;
        _centre = new float[n];
        _m = new float[n];
        _v = new float[n];
        _gradient = new double[n];
        DenseInitialisation.Draw(_centre, space, _seed, _config.InitScale);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _centre;

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        float sigma = _config.SigmaAt(Generation);
        var candidates = new CandidateDescriptor[_population + 1];
        for (int c = 0; c < _population; c++)
        {
            uint member = _config.Mirrored ? (uint)(c / 2) : (uint)c;
            float sign = _config.Mirrored && c % 2 == 1 ? -1f : 1f;
            candidates[c] = CandidateDescriptor.Perturbed(c, 0, new NoiseKey(_seed, NoiseKey.SearchStream, g, member), sign * sigma);
        }
        candidates[_population] = CandidateDescriptor.Clone(_population, 0);
        return new GenerationTask { Generation = Generation, Bases = [_centre], Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        if (task.Generation != Generation || fitness.Count != _population + 1)
        {
            throw new ArgumentException("results do not belong to the planned generation");
        }
        var utilities = FitnessRanking.CentredRanks(fitness, _population);
        int directions = _config.Mirrored ? _population / 2 : _population;
        var weights = new double[directions];
        var keys = new NoiseKey[directions];
        for (int k = 0; k < directions; k++)
        {
            weights[k] = _config.Mirrored ? utilities[2 * k] - utilities[2 * k + 1] : utilities[k];
            keys[k] = task.Candidates[_config.Mirrored ? 2 * k : k].Direction.Key;
        }
        // Chunks of parameters in parallel, every direction in order within a chunk: each element's sum is formed
        // in the same order as a serial loop would, so the gradient has the same bits on any number of cores.
        int chunks = (_gradient.Length + GradientChunk - 1) / GradientChunk;
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * GradientChunk;
            int length = Math.Min(GradientChunk, _gradient.Length - start);
            Span<float> noise = stackalloc float[GradientChunk];
            noise = noise[..length];
            var gradient = _gradient.AsSpan(start, length);
            gradient.Clear();
            for (int k = 0; k < weights.Length; k++)
            {
                double weight = weights[k];
                if (weight == 0)
                {
                    continue;
                }
                PerturbationGenerator.Fill(noise, keys[k], start, NoiseDistribution.Gaussian);
                for (int i = 0; i < noise.Length; i++)
                {
                    gradient[i] += weight * noise[i];
                }
            }
        });
        AdamAscent(1.0 / (_population * (double)_config.SigmaAt(Generation)), _config.LearningRateAt(Generation));

        var (mean, best) = FitnessRanking.Summary(fitness, _population);
        var outcome = new GenerationOutcome
        {
            Generation = Generation,
            Best = best,
            Mean = mean,
            Elite = fitness[_population],
            ChampionFitness = fitness[_population],
            ChampionIndex = _population,
        };
        Generation++;
        return outcome;
    }

    private void AdamAscent(double scale, float learningRate)
    {
        _adamSteps++;
        AdamUpdate.Ascend(_centre, _m, _v, _adamSteps, learningRate, _config.Beta1, _config.Beta2, _gradient, scale, _config.WeightDecay);
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new EsState
    {
        Generation = Generation,
        Centre = _centre,
        M = _m,
        V = _v,
        AdamSteps = _adamSteps,
    });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<EsState>(state, "ES");
        int n = _centre.Length;
        if (s.Generation < 0 || s.Centre.Length != n || s.M.Length != n || s.V.Length != n || s.AdamSteps < 0 || s.AdamSteps > s.Generation
            || !AlgorithmStateCodec.AllFinite(s.Centre) || !AlgorithmStateCodec.AllFinite(s.M) || !AlgorithmStateCodec.AllFinite(s.V))
        {
            throw new InvalidDataException("ES state does not fit this configuration");
        }
        Generation = s.Generation;
        s.Centre.CopyTo(_centre, 0);
        s.M.CopyTo(_m, 0);
        s.V.CopyTo(_v, 0);
        _adamSteps = s.AdamSteps;
    }
}
