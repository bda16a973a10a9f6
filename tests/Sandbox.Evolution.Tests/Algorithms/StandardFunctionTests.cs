using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tests.Algorithms;

/// <summary>
/// Each algorithm on the 100-dimensional sphere, Rosenbrock and Rastrigin functions, with the behaviour the literature
/// reports for budgets of this size:
/// - Sphere: CMA-ES converges linearly and reaches 1e−8 from f ≈ 10³ in the order of 10⁴ evaluations at n = 100 (Hansen
///   2016, arXiv:1604.00772, §"sphere"; BBOB f1 results scale about linearly in n); SNES and PGPE follow the gradient
///   and reduce f by orders of magnitude (Schaul et al. 2011 Fig. 2; Sehnke et al. 2010); a mutation-only GA makes
///   steady but slow progress (Such et al. 2017).
/// - Rosenbrock from x₀ = 0 (f = 99): at n = 100 every method needs 10⁵–10⁶ evaluations to reach the optimum (Hansen and
///   Ostermeier 2001; Ros and Hansen 2008 for the separable methods), so within 10⁴ evaluations only leaving the start
///   is expected (the GA, which follows no gradient, gets 5 × 10⁴; near x₀ its mutations must be small, since the
///   curvature term 100·Σε² outweighs the slope for σ ≳ 0.002).
/// - Rastrigin from x₀ ~ N(0, 3²) (E f ≈ 1,900): with default populations the methods settle in a local optimum rather
///   than the global one (Hansen and Kern 2004), CMA-ES's at a few hundred; halving f is the expected progress.
/// The GA's mutation σ is chosen per function, as Such et al. tune it per domain.
/// </summary>
public sealed class StandardFunctionTests
{
    private const int Dimensions = 100;

    private static RunConfig Config(string algorithm, float start, float step, float gaSigma) => new()
    {
        Algorithm = algorithm,
        Seed = 3,
        // CMA-ES at its default λ = 4 + ⌊3 ln n⌋ (rounded up to even); the others with 100 (50 pairs for PGPE).
        Population = algorithm == "cmaes" ? 18 : 100,
        Cmaes = new CmaesConfig { Sigma = step, InitScale = start, Covariance = CmaesConfig.Full },
        Snes = new SnesConfig { InitStdev = step, InitScale = start },
        Pgpe = new PgpeConfig { InitStdev = step, InitScale = start, LearningRate = step / 2 },
        Ga = new GaConfig { InitScale = start > 0 ? start : 0.001f, Sigma = gaSigma, Truncation = 20 },
    };

    [Theory]
    [InlineData("cmaes", 20_000, 1e-8)]
    [InlineData("snes", 20_000, 9.0)]
    [InlineData("pgpe", 20_000, 9.0)]
    [InlineData("ga", 20_000, 90.0)]
    public void Sphere(string algorithm, long budget, double threshold)
    {
        var (best, used) = StandardFunctions.Minimise(Config(algorithm, 3f, 1f, 0.1f), Dimensions, x => StandardFunctions.Sphere(x), budget, threshold);
        Assert.True(best < threshold, $"{algorithm}: f = {best} after {used} evaluations");
    }

    [Theory]
    [InlineData("cmaes")]
    [InlineData("snes")]
    [InlineData("pgpe")]
    [InlineData("ga")]
    public void Rosenbrock_leaves_its_start(string algorithm)
    {
        var (best, used) = StandardFunctions.Minimise(Config(algorithm, 0f, 0.1f, 0.001f), Dimensions, x => StandardFunctions.Rosenbrock(x), algorithm == "ga" ? 50_000 : 10_000);
        Assert.True(best < 99, $"{algorithm}: f = {best} after {used} evaluations");
    }

    [Theory]
    [InlineData("cmaes", 10_000, 400.0)]
    [InlineData("snes", 20_000, 950.0)]
    [InlineData("pgpe", 20_000, 950.0)]
    [InlineData("ga", 100_000, 950.0)]
    public void Rastrigin(string algorithm, long budget, double threshold)
    {
        var (best, used) = StandardFunctions.Minimise(Config(algorithm, 3f, 1f, 0.3f), Dimensions, x => StandardFunctions.Rastrigin(x), budget, threshold);
        Assert.True(best < threshold, $"{algorithm}: f = {best} after {used} evaluations");
    }
}
