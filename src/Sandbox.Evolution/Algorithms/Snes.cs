using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Separable natural evolution strategies (Schaul, Glasmachers and Schmidhuber 2011; Wierstra et al. 2014, JMLR 15,
/// Algorithm 6): samples μ + σ⊙z, NES rank utilities, the natural gradient on μ (η_μ) and on log σ (η_σ / 2). σ is
/// base 1 of every generation, so workers regenerate μ + σ⊙z from the key alone. The centre is evaluated as the extra
/// candidate <c>population</c> for reporting.
/// </summary>
public sealed class Snes : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "snes";

    /// <summary>Floor of σ, so a collapsed dimension stays a valid (positive, finite) state.</summary>
    public const float MinStdev = 1e-20f;

    private readonly ulong _seed;
    private readonly int _population;
    private readonly float _etaCentre;
    private readonly double _etaStdev;
    private readonly float[] _centre;
    private readonly float[] _stdev;
    private readonly double[] _gradCentre;
    private readonly double[] _gradStdev;
    private readonly float[] _noise;
    private readonly double[] _utilities;

    /// <summary>Starts from a centre drawn from the run seed (zeros when <see cref="SnesConfig.InitScale"/> is 0) and σ = init_stdev.</summary>
    public Snes(RunConfig config, SearchSpace space)
    {
        _seed = config.Seed;
        _population = config.Population;
        int n = space.Count;
        _etaCentre = config.Snes.LearningRate;
        _etaStdev = config.Snes.StdevLearningRate ?? (3 + Math.Log(n)) / (5 * Math.Sqrt(n));
        _centre = new float[n];
        _stdev = new float[n];
        _gradCentre = new double[n];
        _gradStdev = new double[n];
        _noise = new float[n];
        _utilities = Utilities(_population);
        DenseInitialisation.Draw(_centre, space, _seed, config.Snes.InitScale);
        Array.Fill(_stdev, config.Snes.InitStdev);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _centre;

    /// <summary>σ per parameter.</summary>
    public IReadOnlyList<float> Stdev => _stdev;

    /// <summary>NES utilities of ranks 1 (best) … λ: max(0, ln(λ/2 + 1) − ln k) normalised to sum 1, minus 1/λ.</summary>
    public static double[] Utilities(int lambda)
    {
        var u = new double[lambda];
        double sum = 0;
        for (int k = 0; k < lambda; k++)
        {
            u[k] = Math.Max(0, Math.Log(lambda / 2.0 + 1) - Math.Log(k + 1));
            sum += u[k];
        }
        for (int k = 0; k < lambda; k++)
        {
            u[k] = u[k] / sum - 1.0 / lambda;
        }
        return u;
    }

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population + 1];
        for (int c = 0; c < _population; c++)
        {
            candidates[c] = new CandidateDescriptor(c, 0, [new NoiseTerm(new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c), 1f, NoiseDistribution.Gaussian, 1)]);
        }
        candidates[_population] = CandidateDescriptor.Clone(_population, 0);
        return new GenerationTask { Generation = Generation, Bases = [_centre, _stdev], Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        CentreOutcome.Check(task, fitness, Generation, _population + 1);
        var order = FitnessRanking.Descending(fitness, _population);
        Array.Clear(_gradCentre);
        Array.Clear(_gradStdev);
        for (int rank = 0; rank < _population; rank++)
        {
            double weight = _utilities[rank];
            if (weight == 0)
            {
                continue;
            }
            PerturbationGenerator.Fill(_noise, task.Candidates[order[rank]].Direction.Key, 0, NoiseDistribution.Gaussian);
            for (int i = 0; i < _noise.Length; i++)
            {
                double z = _noise[i];
                _gradCentre[i] += weight * z;
                _gradStdev[i] += weight * (z * z - 1);
            }
        }
        for (int i = 0; i < _centre.Length; i++)
        {
            double s = _stdev[i];
            _centre[i] = (float)(_centre[i] + _etaCentre * s * _gradCentre[i]);
            _stdev[i] = Math.Max(MinStdev, (float)(s * Math.Exp(_etaStdev / 2 * _gradStdev[i])));
        }
        var outcome = CentreOutcome.Of(Generation, fitness, _population);
        Generation++;
        return outcome;
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new SnesState { Generation = Generation, Centre = _centre, Stdev = _stdev });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<SnesState>(state, "SNES");
        int n = _centre.Length;
        if (s.Generation < 0 || s.Centre?.Length != n || s.Stdev?.Length != n || !AlgorithmStateCodec.AllFinite(s.Centre)
            || !Array.TrueForAll(s.Stdev, v => v > 0 && float.IsFinite(v)))
        {
            throw new InvalidDataException("SNES state does not fit this configuration");
        }
        Generation = s.Generation;
        s.Centre.CopyTo(_centre, 0);
        s.Stdev.CopyTo(_stdev, 0);
    }
}
