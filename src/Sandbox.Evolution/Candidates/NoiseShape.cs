using System.Buffers;
using Sandbox.Core.Perturbations;

namespace Sandbox.Evolution.Candidates;

/// <summary>
/// Shaped noise terms: a shape vector of the slice's length L scales ε element by element
/// (θⱼ += (scale·sⱼ)·εⱼ); one of length L² (L &gt; 1) is a row-major matrix A (θᵢ += scale·(A·ε)ᵢ, each row summed
/// in double, left to right). Plain scalar loops in a fixed order, so every process computes the same bits.
/// </summary>
public static class NoiseShape
{
    private const int Chunk = 1024;

    /// <summary>Whether a shape of <paramref name="shapeLength"/> elements fits a slice of <paramref name="sliceLength"/>.</summary>
    public static bool Fits(long shapeLength, long sliceLength) =>
        shapeLength == sliceLength || (sliceLength > 1 && shapeLength == sliceLength * sliceLength);

    /// <summary>Adds (or, with <paramref name="overwrite"/>, writes) scale · shape(ε) into <paramref name="slice"/>.</summary>
    /// <exception cref="InvalidOperationException">The shape does not fit the slice.</exception>
    public static void Apply(Span<float> slice, NoiseTerm term, ReadOnlySpan<float> shape, bool overwrite)
    {
        int n = slice.Length;
        if (shape.Length == n)
        {
            ApplyDiagonal(slice, term, shape, overwrite);
        }
        else if (n > 1 && shape.Length == (long)n * n)
        {
            var z = ArrayPool<float>.Shared.Rent(n);
            try
            {
                PerturbationGenerator.Fill(z.AsSpan(0, n), term.Key, 0, term.Distribution);
                for (int i = 0; i < n; i++)
                {
                    float value = term.Scale * (float)Row(shape.Slice(i * n, n), z.AsSpan(0, n));
                    slice[i] = overwrite ? value : slice[i] + value;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(z);
            }
        }
        else
        {
            throw new InvalidOperationException($"a noise shape of {shape.Length} values does not fit a slice of {n} parameters");
        }
    }

    /// <summary>y = A·z for a row-major n×n <paramref name="matrix"/>, with exactly the sums <see cref="Apply"/> uses.</summary>
    public static void Transform(ReadOnlySpan<float> matrix, ReadOnlySpan<float> z, Span<double> y)
    {
        int n = z.Length;
        for (int i = 0; i < n; i++)
        {
            y[i] = Row(matrix.Slice(i * n, n), z);
        }
    }

    private static double Row(ReadOnlySpan<float> row, ReadOnlySpan<float> z)
    {
        double sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            sum += (double)row[j] * z[j];
        }
        return sum;
    }

    private static void ApplyDiagonal(Span<float> slice, NoiseTerm term, ReadOnlySpan<float> shape, bool overwrite)
    {
        Span<float> buffer = stackalloc float[Chunk];
        for (int offset = 0; offset < slice.Length; offset += Chunk)
        {
            int count = Math.Min(Chunk, slice.Length - offset);
            var eps = buffer[..count];
            PerturbationGenerator.Fill(eps, term.Key, offset, term.Distribution);
            var target = slice.Slice(offset, count);
            var s = shape.Slice(offset, count);
            for (int j = 0; j < count; j++)
            {
                float value = term.Scale * s[j] * eps[j];
                target[j] = overwrite ? value : target[j] + value;
            }
        }
    }
}
