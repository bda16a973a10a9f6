namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations, warm-started from the previous eigenvectors
/// (CMA-ES's covariance changes little between decompositions, so Bᵀ·C·B is nearly diagonal and few sweeps remain).
/// Scalar loops in a fixed order: every process computes the same bits.
/// </summary>
public static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Replaces <paramref name="vectors"/> (n×n row-major, columns are vectors; on entry an orthonormal guess) with C's
    /// eigenvectors and writes the eigenvalues to <paramref name="values"/>.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> c, Span<double> vectors, Span<double> values)
    {
        int n = values.Length;
        var a = Multiply(vectors, c, vectors, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                a[i * n + j] = a[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
            }
        }
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (Math.Abs(apq) <= 1e-15 * Math.Sqrt(Math.Abs(a[p * n + p] * a[q * n + q])) || apq == 0)
                    {
                        continue;
                    }
                    rotated = true;
                    Rotate(a, v, n, p, q);
                }
            }
            if (!rotated)
            {
                break;
            }
        }
        for (int i = 0; i < n; i++)
        {
            values[i] = a[i * n + i];
        }
        var product = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double bik = vectors[i * n + k];
                for (int j = 0; j < n; j++)
                {
                    product[i * n + j] += bik * v[k * n + j];
                }
            }
        }
        product.CopyTo(vectors);
    }

    /// <summary>One rotation zeroing a[p, q] (a ← Jᵀ·a·J, v ← v·J).</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[p * n + q];
        double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        a[p * n + q] = a[q * n + p] = 0;
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    /// <summary>Bᵀ·C·B for row-major n×n matrices.</summary>
    private static double[] Multiply(ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> b2, int n)
    {
        var cb = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double cik = c[i * n + k];
                for (int j = 0; j < n; j++)
                {
                    cb[i * n + j] += cik * b2[k * n + j];
                }
            }
        }
        var result = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double bki = b[k * n + i];
                for (int j = 0; j < n; j++)
                {
                    result[i * n + j] += bki * cb[k * n + j];
                }
            }
        }
        return result;
    }
}
