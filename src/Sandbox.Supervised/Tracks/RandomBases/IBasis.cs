namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// A set of directions φ_1..φ_d in parameter space for one step: the coordinates of a gradient in it (c_j = φ_jᵀ g)
/// and the update along it (θ += Σ_j a_j φ_j). The step rule is written once against this, so an explicit
/// orthonormal base (tests) and the generated one go through the same code.
/// </summary>
public interface IBasis
{
    /// <summary>Number of directions d.</summary>
    int Directions { get; }

    /// <summary>c_j = φ_jᵀ <paramref name="gradient"/> for every j.</summary>
    void Coordinates(ReadOnlySpan<float> gradient, Span<float> coordinates);

    /// <summary>θ += Σ_j <paramref name="coefficients"/>[j]·φ_j.</summary>
    void Add(Span<float> theta, ReadOnlySpan<float> coefficients);

    /// <summary>
    /// The random-bases step θ −= η Φ Φᵀ g; <paramref name="coordinates"/> (length d) receives c = Φᵀg. This form
    /// visits the base twice (coordinates, then the update); a base that can is free to do it in one pass.
    /// </summary>
    void Descend(Span<float> theta, ReadOnlySpan<float> gradient, Span<float> coordinates, float learningRate)
    {
        Coordinates(gradient, coordinates);
        var coefficients = new float[coordinates.Length];
        for (int j = 0; j < coefficients.Length; j++)
        {
            coefficients[j] = -learningRate * coordinates[j];
        }
        Add(theta, coefficients);
    }
}
