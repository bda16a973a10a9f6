using MessagePack;

namespace Sandbox.Evolution.Algorithms;

/// <summary>Serialized <see cref="CmaEs"/> state (matrices row-major; the diagonal variant keeps vectors and no eigenvectors).</summary>
[MessagePackObject]
public sealed class CmaState
{
    /// <summary>Next generation.</summary>
    [Key(0)] public int Generation { get; set; }
    /// <summary>The mean m.</summary>
    [Key(1)] public double[] Mean { get; set; } = [];
    /// <summary>Step size σ.</summary>
    [Key(2)] public double Sigma { get; set; }
    /// <summary>Covariance C (n×n, or its diagonal).</summary>
    [Key(3)] public double[] Covariance { get; set; } = [];
    /// <summary>Evolution path of C.</summary>
    [Key(4)] public double[] PathC { get; set; } = [];
    /// <summary>Evolution path of σ.</summary>
    [Key(5)] public double[] PathSigma { get; set; } = [];
    /// <summary>Eigenvectors of C as columns (n×n; empty for the diagonal variant).</summary>
    [Key(6)] public double[] Eigenvectors { get; set; } = [];
    /// <summary>Square roots of C's eigenvalues (its diagonal's for the diagonal variant).</summary>
    [Key(7)] public double[] Roots { get; set; } = [];
    /// <summary>Generation of the last decomposition.</summary>
    [Key(8)] public int EigenGeneration { get; set; }
}
