using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// CMA-ES with the default parameters of Hansen's tutorial (2016, arXiv:1604.00772, Table 1; positive weights, c_m = 1):
/// x = m + σ·B·D·z. The full variant keeps C = B·D²·Bᵀ (lazily re-decomposed); the separable one (Ros and Hansen
/// 2008) a diagonal C with learning rates scaled by (n + 2)/3. Base 1 of every generation is B·D (n×n) or D (n), so
/// workers regenerate each candidate from its key through a shaped noise term. The mean is evaluated as the extra
/// candidate <c>population</c> for reporting.
/// </summary>
public sealed class CmaEs : IEvolutionAlgorithm
{
    /// <summary>Registry name.</summary>
    public const string AlgorithmName = "cmaes";

    private readonly ulong _seed;
    private readonly int _n;
    private readonly int _lambda;
    private readonly int _mu;
    private readonly bool _full;
    private readonly double[] _weights;
    private readonly double _muEff, _cSigma, _dSigma, _cc, _c1, _cMu, _chiN;
    private readonly int _eigenGap;
    private readonly double[] _mean;
    private readonly double[] _covariance;
    private readonly double[] _pathC;
    private readonly double[] _pathSigma;
    private readonly double[] _vectors;
    private readonly double[] _roots;
    private readonly float[] _meanBase;
    private readonly float[] _shape;
    private readonly float[] _noise;
    private readonly double[][] _steps;
    private readonly double[] _zWeighted;
    private double _sigma;
    private int _eigenGeneration;

    /// <summary>Starts from a mean drawn from the run seed (zeros when <see cref="CmaesConfig.InitScale"/> is 0), σ = cmaes.sigma, C = I.</summary>
    /// <exception cref="ConfigException">A full covariance over more than <see cref="CmaesConfig.FullLimit"/> parameters.</exception>
    public CmaEs(RunConfig config, SearchSpace space)
    {
        var options = config.Cmaes;
        _seed = config.Seed;
        _n = space.Count;
        _lambda = config.Population;
        _mu = options.Parents ?? Math.Max(1, _lambda / 2);
        _full = options.IsFull(_n);
        if (_full && _n > CmaesConfig.FullLimit)
        {
            throw new ConfigException($"cmaes.covariance: a full covariance over {_n} parameters is too large (at most {CmaesConfig.FullLimit}); use diagonal or auto");
        }
        _weights = new double[_mu];
        double sum = 0, squares = 0;
        for (int i = 0; i < _mu; i++)
        {
            _weights[i] = Math.Log(_mu + 0.5) - Math.Log(i + 1);
            sum += _weights[i];
        }
        for (int i = 0; i < _mu; i++)
        {
            _weights[i] /= sum;
            squares += _weights[i] * _weights[i];
        }
        int n = _n;
        _muEff = 1 / squares;
        _cSigma = (_muEff + 2) / (n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEff);
        double cMu = Math.Min(1 - c1, 2 * (_muEff - 2 + 1 / _muEff) / ((n + 2.0) * (n + 2) + _muEff));
        if (!_full)
        {
            // sep-CMA-ES: a diagonal can be learned (n + 2)/3 times faster.
            c1 *= (n + 2) / 3.0;
            cMu = Math.Min(1 - c1, cMu * (n + 2) / 3.0);
        }
        _c1 = c1;
        _cMu = cMu;
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        _eigenGap = Math.Max(1, (int)(1 / ((_c1 + _cMu) * n * 10)));

        var initial = new float[n];
        DenseInitialisation.Draw(initial, space, _seed, options.InitScale);
        _mean = Array.ConvertAll(initial, v => (double)v);
        _sigma = options.Sigma;
        _pathC = new double[n];
        _pathSigma = new double[n];
        _roots = new double[n];
        Array.Fill(_roots, 1.0);
        if (_full)
        {
            _covariance = new double[n * n];
            _vectors = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                _covariance[i * n + i] = 1;
                _vectors[i * n + i] = 1;
            }
            _shape = new float[n * n];
        }
        else
        {
            _covariance = new double[n];
            Array.Fill(_covariance, 1.0);
            _vectors = [];
            _shape = new float[n];
        }
        _meanBase = new float[n];
        _noise = new float[n];
        _steps = new double[_mu][];
        for (int i = 0; i < _mu; i++)
        {
            _steps[i] = new double[n];
        }
        _zWeighted = new double[n];
        Derive();
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <inheritdoc />
    public float[] Champion => _meanBase;

    /// <summary>Whether the covariance is full (false: sep-CMA-ES).</summary>
    public bool IsFull => _full;

    /// <summary>The step size σ.</summary>
    public double Sigma => _sigma;

    /// <inheritdoc />
    public GenerationTask Plan(EvaluationContext context)
    {
        uint g = (uint)Generation;
        float scale = (float)_sigma;
        var candidates = new CandidateDescriptor[_lambda + 1];
        for (int c = 0; c < _lambda; c++)
        {
            candidates[c] = new CandidateDescriptor(c, 0, [new NoiseTerm(new NoiseKey(_seed, NoiseKey.SearchStream, g, (uint)c), scale, NoiseDistribution.Gaussian, 1)]);
        }
        candidates[_lambda] = CandidateDescriptor.Clone(_lambda, 0);
        return new GenerationTask { Generation = Generation, Bases = [_meanBase, _shape], Context = context, Candidates = candidates };
    }

    /// <inheritdoc />
    public GenerationOutcome Tell(GenerationTask task, IReadOnlyList<double> fitness)
    {
        CentreOutcome.Check(task, fitness, Generation, _lambda + 1);
        int n = _n;
        var order = FitnessRanking.Descending(fitness, _lambda);
        Array.Clear(_zWeighted);
        var yWeighted = new double[n];
        for (int i = 0; i < _mu; i++)
        {
            PerturbationGenerator.Fill(_noise, task.Candidates[order[i]].Direction.Key, 0, NoiseDistribution.Gaussian);
            var y = _steps[i];
            if (_full)
            {
                NoiseShape.Transform(_shape, _noise, y);
            }
            else
            {
                for (int j = 0; j < n; j++)
                {
                    y[j] = (double)_shape[j] * _noise[j];
                }
            }
            double w = _weights[i];
            for (int j = 0; j < n; j++)
            {
                _zWeighted[j] += w * _noise[j];
                yWeighted[j] += w * y[j];
            }
        }
        for (int j = 0; j < n; j++)
        {
            _mean[j] += _sigma * yWeighted[j];
        }

        // σ path: C^(−1/2)·y_w = B·z_w (full) or z_w (diagonal).
        double sigmaFactor = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        double pathNorm = 0;
        for (int i = 0; i < n; i++)
        {
            double whitened = _zWeighted[i];
            if (_full)
            {
                whitened = 0;
                for (int k = 0; k < n; k++)
                {
                    whitened += _vectors[i * n + k] * _zWeighted[k];
                }
            }
            _pathSigma[i] = (1 - _cSigma) * _pathSigma[i] + sigmaFactor * whitened;
            pathNorm += _pathSigma[i] * _pathSigma[i];
        }
        pathNorm = Math.Sqrt(pathNorm);
        bool hSigma = pathNorm / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2.0 * (Generation + 1))) / _chiN < 1.4 + 2.0 / (n + 1);
        double cFactor = hSigma ? Math.Sqrt(_cc * (2 - _cc) * _muEff) : 0;
        for (int i = 0; i < n; i++)
        {
            _pathC[i] = (1 - _cc) * _pathC[i] + cFactor * yWeighted[i];
        }

        double keep = 1 - _c1 - _cMu + (hSigma ? 0 : _c1 * _cc * (2 - _cc));
        if (_full)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    double rankMu = 0;
                    for (int k = 0; k < _mu; k++)
                    {
                        rankMu += _weights[k] * _steps[k][i] * _steps[k][j];
                    }
                    double value = keep * _covariance[i * n + j] + _c1 * _pathC[i] * _pathC[j] + _cMu * rankMu;
                    _covariance[i * n + j] = _covariance[j * n + i] = value;
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double rankMu = 0;
                for (int k = 0; k < _mu; k++)
                {
                    rankMu += _weights[k] * _steps[k][i] * _steps[k][i];
                }
                _covariance[i] = keep * _covariance[i] + _c1 * _pathC[i] * _pathC[i] + _cMu * rankMu;
            }
        }
        _sigma *= Math.Exp(Math.Min(1, _cSigma / _dSigma * (pathNorm / _chiN - 1)));

        var outcome = CentreOutcome.Of(Generation, fitness, _lambda);
        Generation++;
        if (!_full)
        {
            for (int i = 0; i < n; i++)
            {
                _roots[i] = Math.Sqrt(_covariance[i]);
            }
        }
        else if (Generation - _eigenGeneration >= _eigenGap)
        {
            SymmetricEigen.Decompose(_covariance, _vectors, _roots);
            for (int i = 0; i < n; i++)
            {
                _roots[i] = Math.Sqrt(Math.Max(_roots[i], 1e-300));
            }
            _eigenGeneration = Generation;
        }
        Derive();
        return outcome;
    }

    /// <summary>The float bases candidates are regenerated from: the mean, and B·D (or D).</summary>
    private void Derive()
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            _meanBase[i] = (float)_mean[i];
        }
        if (_full)
        {
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < n; k++)
                {
                    _shape[i * n + k] = (float)(_vectors[i * n + k] * _roots[k]);
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                _shape[i] = (float)_roots[i];
            }
        }
    }

    /// <inheritdoc />
    public byte[] ExportState() => AlgorithmStateCodec.Encode(new CmaState
    {
        Generation = Generation,
        Mean = _mean,
        Sigma = _sigma,
        Covariance = _covariance,
        PathC = _pathC,
        PathSigma = _pathSigma,
        Eigenvectors = _vectors,
        Roots = _roots,
        EigenGeneration = _eigenGeneration,
    });

    /// <inheritdoc />
    public void ImportState(byte[] state)
    {
        var s = AlgorithmStateCodec.Decode<CmaState>(state, "CMA-ES");
        int n = _n;
        if (s.Generation < 0 || s.EigenGeneration < 0 || s.EigenGeneration > s.Generation || !(s.Sigma > 0) || !double.IsFinite(s.Sigma)
            || s.Mean?.Length != n || s.Covariance?.Length != _covariance.Length || s.PathC?.Length != n || s.PathSigma?.Length != n
            || s.Eigenvectors?.Length != _vectors.Length || s.Roots?.Length != n
            || !AlgorithmStateCodec.AllFinite(s.Mean) || !AlgorithmStateCodec.AllFinite(s.Covariance) || !AlgorithmStateCodec.AllFinite(s.PathC)
            || !AlgorithmStateCodec.AllFinite(s.PathSigma) || !AlgorithmStateCodec.AllFinite(s.Eigenvectors) || !AlgorithmStateCodec.AllFinite(s.Roots))
        {
            throw new InvalidDataException("CMA-ES state does not fit this configuration");
        }
        Generation = s.Generation;
        _sigma = s.Sigma;
        _eigenGeneration = s.EigenGeneration;
        s.Mean.CopyTo(_mean, 0);
        s.Covariance.CopyTo(_covariance, 0);
        s.PathC.CopyTo(_pathC, 0);
        s.PathSigma.CopyTo(_pathSigma, 0);
        s.Eigenvectors.CopyTo(_vectors, 0);
        s.Roots.CopyTo(_roots, 0);
        Derive();
    }
}
