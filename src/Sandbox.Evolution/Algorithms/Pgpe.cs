using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Policy gradients with parameter-based exploration (Sehnke et al. 2010) in the form EvoJAX and EvoTorch ship:
/// symmetric pairs μ ± σ⊙z, centred ranks, the centre moved by ClipUp (Toklu et al. 2020) or Adam, and each σᵢ moved
/// by its own gradient, limited to ± <see cref="PgpeConfig.StdevMaxChange"/> of itself per generation. The σ vector
/// is base 1 of every generation, so workers regenerate μ ± σ⊙z from the key alone. The centre is evaluated as the
/// extra candidate <c>population</c> for reporting; it does not enter the update.
/// </summary>
public sealed class Pgpe : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "pgpe";

    private readonly ulong _seed;
    private readonly int _population;
    private readonly PgpeConfig _config;
    private readonly float[] _centre;
    private readonly float[] _stdev;
    private readonly float[] _velocity;
    private readonly float[] _second;
    private readonly double[] _gradCentre;
    private readonly double[] _gradStdev;
    private readonly float[] _noise;
    private int _steps;

    /// <summary>Starts from a centre drawn from the run seed (zeros when <see cref="PgpeConfig.InitScale"/> is 0) and σ = init_stdev.</summary>
    public Pgpe(RunConfig config, SearchSpace space)
    {
        _seed = config.Seed;
        _population = config.Population;
        _config = config.Pgpe;
        int n = space.Count;
        _centre = new float[n];
        _stdev = new float[n];
        _velocity = new float[n];
        _second = _config.Optimizer == PgpeConfig.Adam ? new float[n] : [];
        _gradCentre = new double[n];
        _gradStdev = new double[n];
        _noise = new float[n];
        DenseInitialisation.Draw(_centre, space, _seed, _config.InitScale);
        Array.Fill(_stdev, _config.InitStdev);
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _centre;

    /// <summary>σ per parameter.</summary>
    public IReadOnlyList<float> Stdev => _stdev;

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        var candidates = new CandidateDescriptor[_population + 1];
        for (int c = 0; c < _population; c++)
        {
            var key = new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)(c / 2));
            candidates[c] = new CandidateDescriptor(c, 0, [new NoiseTerm(key, c % 2 == 0 ? 1f : -1f, NoiseDistribution.Gaussian, 1)]);
        }
        candidates[_population] = CandidateDescriptor.Clone(_population, 0);
        return new GenerationTask { Generation = Generation, Bases = [_centre, _stdev], Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        CentreOutcome.Check(task, fitness, Generation, _population + 1);
        var u = FitnessRanking.CentredRanks(fitness, _population);
        double baseline = 0;
        for (int c = 0; c < _population; c++)
        {
            baseline += u[c];
        }
        baseline /= _population;
        Array.Clear(_gradCentre);
        Array.Clear(_gradStdev);
        int pairs = _population / 2;
        for (int k = 0; k < pairs; k++)
        {
            double difference = (u[2 * k] - u[2 * k + 1]) / 2;
            double average = (u[2 * k] + u[2 * k + 1]) / 2 - baseline;
            PerturbationGenerator.Fill(_noise, task.Candidates[2 * k].Direction.Key, 0, NoiseDistribution.Gaussian);
            for (int i = 0; i < _noise.Length; i++)
            {
                double z = _noise[i], s = _stdev[i];
                // ε = σz: ∂/∂μ log p = ε/σ², ∂/∂σ log p = (ε² − σ²)/σ³; PGPE's step scales them by σ² (EvoJAX, EvoTorch).
                _gradCentre[i] += difference * s * z;
                _gradStdev[i] += average * s * (z * z - 1);
            }
        }
        for (int i = 0; i < _centre.Length; i++)
        {
            _gradCentre[i] /= pairs;
            _gradStdev[i] /= pairs;
        }
        if (_config.Optimizer == PgpeConfig.Adam)
        {
            AdamAscent();
        }
        else
        {
            ClipUpAscent();
        }
        float limit = _config.StdevMaxChange, eta = _config.StdevLearningRate;
        for (int i = 0; i < _stdev.Length; i++)
        {
            float s = _stdev[i];
            float next = (float)(s + eta * _gradStdev[i]);
            _stdev[i] = Math.Max(Snes.MinStdev, Math.Clamp(next, s * (1 - limit), s * (1 + limit)));
        }
        var outcome = CentreOutcome.Of(Generation, fitness, _population);
        Generation++;
        return outcome;
    }

    private void ClipUpAscent()
    {
        double norm = 0;
        foreach (double g in _gradCentre)
        {
            norm += g * g;
        }
        norm = Math.Sqrt(norm);
        _steps++;
        float momentum = _config.Momentum;
        double step = norm > 0 ? _config.LearningRate / norm : 0;
        double speed = 0;
        for (int i = 0; i < _velocity.Length; i++)
        {
            _velocity[i] = (float)(momentum * _velocity[i] + step * _gradCentre[i]);
            speed += (double)_velocity[i] * _velocity[i];
        }
        speed = Math.Sqrt(speed);
        if (speed > _config.Speed)
        {
            float shrink = (float)(_config.Speed / speed);
            for (int i = 0; i < _velocity.Length; i++)
            {
                _velocity[i] *= shrink;
            }
        }
        for (int i = 0; i < _centre.Length; i++)
        {
            _centre[i] += _velocity[i];
        }
    }

    private void AdamAscent()
    {
        _steps++;
        AdamUpdate.Ascend(_centre, _velocity, _second, _steps, _config.LearningRate, 0.9f, 0.999f, _gradCentre);
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new PgpeState
    {
        Generation = Generation,
        Centre = _centre,
        Stdev = _stdev,
        Velocity = _velocity,
        SecondMoments = _second,
        Steps = _steps,
    });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<PgpeState>(state, "PGPE");
        int n = _centre.Length;
        if (s.Generation < 0 || s.Steps < 0 || s.Steps > s.Generation || s.Centre?.Length != n || s.Stdev?.Length != n
            || s.Velocity?.Length != n || s.SecondMoments?.Length != _second.Length
            || !AlgorithmStateCodec.AllFinite(s.Centre) || !AlgorithmStateCodec.AllFinite(s.Velocity) || !AlgorithmStateCodec.AllFinite(s.SecondMoments)
            || !Array.TrueForAll(s.Stdev, v => v > 0 && float.IsFinite(v)))
        {
            throw new InvalidDataException("PGPE state does not fit this configuration");
        }
        Generation = s.Generation;
        s.Centre.CopyTo(_centre, 0);
        s.Stdev.CopyTo(_stdev, 0);
        s.Velocity.CopyTo(_velocity, 0);
        s.SecondMoments.CopyTo(_second, 0);
        _steps = s.Steps;
    }
}
