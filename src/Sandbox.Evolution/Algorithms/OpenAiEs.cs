using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Full-weight evolution strategies as in Salimans et al. (2017): mirrored Gaussian perturbations of
/// a centre, centred-rank fitness shaping, Adam on the centre with weight decay, and optional
/// running observation normalisation. The centre itself is evaluated as an extra candidate (index
/// <c>population</c>) for reporting; it does not enter the update.
/// </summary>
public sealed class OpenAiEs : IEvolutionAlgorithm
{
    private readonly ulong _seed;
    private readonly int _population;
    private readonly EsConfig _config;
    private readonly float[] _centre;
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly double[] _gradient;
    private readonly float[] _noise;
    private readonly ObservationStatistics? _statistics;
    private int _adamSteps;

    /// <summary>Starts from a centre drawn from the run seed (or zeros when <see cref="EsConfig.InitScale"/> is 0).</summary>
    public OpenAiEs(RunConfig config, MlpArchitecture architecture)
    {
        _seed = config.Seed;
        _population = config.Population;
        _config = config.Es;
        int n = architecture.ParameterCount;
        _centre = new float[n];
        _m = new float[n];
        _v = new float[n];
        _gradient = new double[n];
        _noise = new float[n];
        InitialiseCentre(architecture);
        if (_config.ObservationNormalization)
        {
            _statistics = new ObservationStatistics(architecture.Inputs);
            Normalizer = _statistics.ToNormalizer();
        }
    }

    /// <inheritdoc />
    public string Name => RunConfig.EsAlgorithm;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _centre;

    /// <inheritdoc />
    public ObservationNormalizer? Normalizer { get; private set; }

    private void InitialiseCentre(MlpArchitecture architecture)
    {
        if (_config.InitScale == 0)
        {
            return;
        }
        int offset = 0;
        for (int l = 0; l < architecture.Layers; l++)
        {
            int weights = architecture.Sizes[l] * architecture.Sizes[l + 1];
            var key = new NoiseKey(_seed, NoiseKey.InitialWeightsStream, (uint)l, 0);
            PerturbationGenerator.Fill(_centre.AsSpan(offset, weights), key, 0, NoiseDistribution.Gaussian,
                _config.InitScale / MathF.Sqrt(architecture.Sizes[l]));
            offset += weights + (architecture.Bias ? architecture.Sizes[l + 1] : 0); // biases start at zero
        }
    }

    /// <inheritdoc />
    public GenerationTask Plan(long[] episodeSeeds)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population + 1];
        for (int c = 0; c < _population; c++)
        {
            uint member = _config.Mirrored ? (uint)(c / 2) : (uint)c;
            float sign = _config.Mirrored && c % 2 == 1 ? -1f : 1f;
            candidates[c] = new CandidateDescriptor(c, 0, new NoiseKey(_seed, NoiseKey.SearchStream, g, member), sign * _config.Sigma);
        }
        candidates[_population] = new CandidateDescriptor(_population, 0, default, 0f);
        return new GenerationTask
        {
            Generation = Generation,
            Bases = [_centre],
            EpisodeSeeds = episodeSeeds,
            Candidates = candidates,
            Normalizer = Normalizer,
            CollectObservationStatistics = _statistics is not null,
        };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<CandidateResult> results)
    {
        if (task.Generation != Generation || results.Count != _population + 1)
        {
            throw new ArgumentException("results do not belong to the planned generation");
        }
        var utilities = CentredRanks(results, _population);
        Array.Clear(_gradient);
        int directions = _config.Mirrored ? _population / 2 : _population;
        for (int k = 0; k < directions; k++)
        {
            double weight = _config.Mirrored ? utilities[2 * k] - utilities[2 * k + 1] : utilities[k];
            if (weight == 0)
            {
                continue;
            }
            var key = task.Candidates[_config.Mirrored ? 2 * k : k].Noise;
            PerturbationGenerator.Fill(_noise, key, 0, NoiseDistribution.Gaussian);
            for (int i = 0; i < _noise.Length; i++)
            {
                _gradient[i] += weight * _noise[i];
            }
        }
        double scale = 1.0 / (_population * (double)_config.Sigma);
        AdamAscent(scale);

        if (_statistics is not null)
        {
            foreach (var r in results)
            {
                if (r.ObservationStatistics is { } s)
                {
                    _statistics.Merge(s);
                }
            }
            Normalizer = _statistics.ToNormalizer();
        }

        double best = double.NegativeInfinity, mean = 0;
        for (int c = 0; c < _population; c++)
        {
            best = Math.Max(best, results[c].MeanReturn);
            mean += results[c].MeanReturn;
        }
        var centre = results[_population];
        var outcome = new GenerationOutcome
        {
            Generation = Generation,
            Best = best,
            Mean = mean / _population,
            Elite = centre.MeanReturn,
            ChampionFitness = centre.MeanReturn,
            ChampionSparsity = 0,
        };
        Generation++;
        return outcome;
    }

    private void AdamAscent(double scale)
    {
        _adamSteps++;
        float b1 = _config.Beta1, b2 = _config.Beta2;
        double correction = Math.Sqrt(1 - Math.Pow(b2, _adamSteps)) / (1 - Math.Pow(b1, _adamSteps));
        float step = (float)(_config.LearningRate * correction);
        float decay = _config.WeightDecay;
        for (int i = 0; i < _centre.Length; i++)
        {
            float g = (float)(_gradient[i] * scale) - decay * _centre[i];
            _m[i] = b1 * _m[i] + (1 - b1) * g;
            _v[i] = b2 * _v[i] + (1 - b2) * g * g;
            _centre[i] += step * _m[i] / (MathF.Sqrt(_v[i]) + 1e-8f);
        }
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new EsState
    {
        Generation = Generation,
        Centre = _centre,
        M = _m,
        V = _v,
        AdamSteps = _adamSteps,
        ObservationCount = _statistics?.Count ?? 0,
        ObservationSum = _statistics?.Sum,
        ObservationSumSquares = _statistics?.SumSquares,
    });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<EsState>(state, "ES");
        int n = _centre.Length;
        if (s.Generation < 0 || s.Centre.Length != n || s.M.Length != n || s.V.Length != n || s.AdamSteps < 0
            || (_statistics is not null && (s.ObservationSum?.Length != _statistics.Sum.Length || s.ObservationSumSquares?.Length != _statistics.Sum.Length)))
        {
            throw new InvalidDataException("ES state does not fit this configuration");
        }
        Generation = s.Generation;
        s.Centre.CopyTo(_centre, 0);
        s.M.CopyTo(_m, 0);
        s.V.CopyTo(_v, 0);
        _adamSteps = s.AdamSteps;
        if (_statistics is not null)
        {
            _statistics.Clear();
            _statistics.Merge(new ObservationStatistics(s.ObservationCount, s.ObservationSum!, s.ObservationSumSquares!));
            Normalizer = _statistics.ToNormalizer();
        }
    }

    /// <summary>OpenAI-ES fitness shaping: ranks scaled to [−0.5, 0.5], ties broken by index.</summary>
    internal static double[] CentredRanks(IReadOnlyList<CandidateResult> results, int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) =>
        {
            int byFitness = results[a].MeanReturn.CompareTo(results[b].MeanReturn);
            return byFitness != 0 ? byFitness : a.CompareTo(b);
        });
        var utilities = new double[count];
        for (int rank = 0; rank < count; rank++)
        {
            utilities[order[rank]] = count == 1 ? 0 : rank / (double)(count - 1) - 0.5;
        }
        return utilities;
    }
}
