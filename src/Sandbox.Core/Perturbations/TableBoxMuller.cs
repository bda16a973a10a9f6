using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sandbox.Core.Perturbations;

/// <summary>
/// Box–Muller with table-driven transcendentals, for <see cref="NoiseDistribution.FastGaussian"/>: −2·ln u from a
/// 32-entry table of reciprocals and logarithms plus a degree-4 series on |r| ≤ 1/64, sin/cos of the angle from a
/// 32-entry table of sines and cosines plus short series on |x| ≤ π/32, fused multiply–adds throughout. About half
/// the vector operations of <see cref="NoiseTransforms"/>' polynomials (which must keep the Gaussian stream's bits),
/// with an error far below float resolution of the result. The scalar, 8-lane and 16-lane forms run the same IEEE
/// operations in the same order, so they give the same bits.
/// </summary>
internal static class TableBoxMuller
{
    private const int Entries = 32;
    private const float TwoLn2 = 1.38629436111989f;
    private const float AngleStep = (float)(2 * Math.PI / Entries / 16777216.0); // one 24-bit position step
    private const float AngleStart = (float)(Math.PI / Entries / 16777216.0 - Math.PI / Entries);

    /// <summary>1/c_i for the centre c_i = 1 + (i + ½)/32 of mantissa bin i, rounded to float.</summary>
    private static readonly float[] Reciprocal = Table(i => (float)(1 / (1 + (i + 0.5) / Entries)));

    /// <summary>2·ln of the rounded reciprocal: −2·ln m = −2·ln(m/c_i) + 2·ln(1/c_i) holds exactly for the rounded 1/c_i.</summary>
    private static readonly float[] LogTerm = Table(i => (float)(2 * Math.Log(Reciprocal[i])));

    /// <summary>sin and cos at the centre of angle bin i, 2π(i + ½)/32.</summary>
    private static readonly float[] Sine = Table(i => (float)Math.Sin(2 * Math.PI * (i + 0.5) / Entries));
    private static readonly float[] Cosine = Table(i => (float)Math.Cos(2 * Math.PI * (i + 0.5) / Entries));

    private static readonly Tables512 Wide = new(Reciprocal, LogTerm, Sine, Cosine);
    private static readonly Tables256 Narrow = new(Reciprocal, LogTerm, Sine, Cosine);

    private static float[] Table(Func<int, float> entry)
    {
        var table = new float[Entries];
        for (int i = 0; i < Entries; i++)
        {
            table[i] = entry(i);
        }
        return table;
    }

    /// <summary>Two standard normals (times <paramref name="scale"/>) from two words.</summary>
    public static void BoxMuller(uint a, uint b, float scale, out float z0, out float z1)
    {
        float f = (a >> 8) + 1;
        uint bits = BitConverter.SingleToUInt32Bits(f);
        int bin = (int)((bits >> 18) & 31);
        float m = BitConverter.UInt32BitsToSingle((bits & 0x007FFFFFu) | 0x3F800000u);
        float k = 151 - (int)(bits >> 23);
        float r = MathF.FusedMultiplyAdd(m, Reciprocal[bin], -1f);
        float t = MathF.FusedMultiplyAdd(r, 0.5f, -2f / 3f);
        t = MathF.FusedMultiplyAdd(r, t, 1f);
        t = MathF.FusedMultiplyAdd(r, t, -2f);
        float w = MathF.FusedMultiplyAdd(k, TwoLn2, LogTerm[bin] + r * t);
        w = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(w) & ~(BitConverter.SingleToInt32Bits(w) >> 31));
        float radius = MathF.Sqrt(w) * scale;

        int angleBin = (int)(b >> 27);
        float x = MathF.FusedMultiplyAdd((float)(int)((b << 5) >> 8), AngleStep, AngleStart);
        float x2 = x * x;
        float sx = MathF.FusedMultiplyAdd(x * x2, MathF.FusedMultiplyAdd(x2, 1f / 120f, -1f / 6f), x);
        float cx = MathF.FusedMultiplyAdd(x2, MathF.FusedMultiplyAdd(x2, 1f / 24f, -0.5f), 1f);
        float s = Sine[angleBin];
        float c = Cosine[angleBin];
        z0 = radius * MathF.FusedMultiplyAdd(c, cx, -(s * sx));
        z1 = radius * MathF.FusedMultiplyAdd(s, cx, c * sx);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector256<uint> a, Vector256<uint> b, float scale, out Vector256<float> z0, out Vector256<float> z1)
    {
        var f = Vector256.ConvertToSingle(((a >> 8) + Vector256.Create(1u)).AsInt32());
        var bits = f.AsUInt32();
        var bin = ((bits >> 18) & Vector256.Create(31u)).AsInt32();
        var m = ((bits & Vector256.Create(0x007FFFFFu)) | Vector256.Create(0x3F800000u)).AsSingle();
        var k = Vector256.ConvertToSingle(Vector256.Create(151) - (bits >> 23).AsInt32());
        var r = Vector256.FusedMultiplyAdd(m, Narrow.Lookup(Narrow.Reciprocal, bin), Vector256.Create(-1f));
        var t = Vector256.FusedMultiplyAdd(r, Vector256.Create(0.5f), Vector256.Create(-2f / 3f));
        t = Vector256.FusedMultiplyAdd(r, t, Vector256.Create(1f));
        t = Vector256.FusedMultiplyAdd(r, t, Vector256.Create(-2f));
        var w = Vector256.FusedMultiplyAdd(k, Vector256.Create(TwoLn2), Narrow.Lookup(Narrow.LogTerm, bin) + r * t);
        w = Vector256.AndNot(w.AsInt32(), w.AsInt32() >> 31).AsSingle();
        var radius = Vector256.Sqrt(w) * Vector256.Create(scale);

        var angleBin = (b >> 27).AsInt32();
        var x = Vector256.FusedMultiplyAdd(Vector256.ConvertToSingle(((b << 5) >> 8).AsInt32()), Vector256.Create(AngleStep), Vector256.Create(AngleStart));
        var x2 = x * x;
        var sx = Vector256.FusedMultiplyAdd(x * x2, Vector256.FusedMultiplyAdd(x2, Vector256.Create(1f / 120f), Vector256.Create(-1f / 6f)), x);
        var cx = Vector256.FusedMultiplyAdd(x2, Vector256.FusedMultiplyAdd(x2, Vector256.Create(1f / 24f), Vector256.Create(-0.5f)), Vector256.Create(1f));
        var s = Narrow.Lookup(Narrow.Sine, angleBin);
        var c = Narrow.Lookup(Narrow.Cosine, angleBin);
        z0 = radius * Vector256.FusedMultiplyAdd(c, cx, -(s * sx));
        z1 = radius * Vector256.FusedMultiplyAdd(s, cx, c * sx);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector512<uint> a, Vector512<uint> b, float scale, out Vector512<float> z0, out Vector512<float> z1)
    {
        var f = Vector512.ConvertToSingle(((a >> 8) + Vector512.Create(1u)).AsInt32());
        var bits = f.AsUInt32();
        var bin = ((bits >> 18) & Vector512.Create(31u)).AsInt32();
        var m = ((bits & Vector512.Create(0x007FFFFFu)) | Vector512.Create(0x3F800000u)).AsSingle();
        var k = Vector512.ConvertToSingle(Vector512.Create(151) - (bits >> 23).AsInt32());
        var r = Vector512.FusedMultiplyAdd(m, Wide.Lookup(Wide.Reciprocal, bin), Vector512.Create(-1f));
        var t = Vector512.FusedMultiplyAdd(r, Vector512.Create(0.5f), Vector512.Create(-2f / 3f));
        t = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(1f));
        t = Vector512.FusedMultiplyAdd(r, t, Vector512.Create(-2f));
        var w = Vector512.FusedMultiplyAdd(k, Vector512.Create(TwoLn2), Wide.Lookup(Wide.LogTerm, bin) + r * t);
        w = Vector512.AndNot(w.AsInt32(), w.AsInt32() >> 31).AsSingle();
        var radius = Vector512.Sqrt(w) * Vector512.Create(scale);

        var angleBin = (b >> 27).AsInt32();
        var x = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(((b << 5) >> 8).AsInt32()), Vector512.Create(AngleStep), Vector512.Create(AngleStart));
        var x2 = x * x;
        var sx = Vector512.FusedMultiplyAdd(x * x2, Vector512.FusedMultiplyAdd(x2, Vector512.Create(1f / 120f), Vector512.Create(-1f / 6f)), x);
        var cx = Vector512.FusedMultiplyAdd(x2, Vector512.FusedMultiplyAdd(x2, Vector512.Create(1f / 24f), Vector512.Create(-0.5f)), Vector512.Create(1f));
        var s = Wide.Lookup(Wide.Sine, angleBin);
        var c = Wide.Lookup(Wide.Cosine, angleBin);
        z0 = radius * Vector512.FusedMultiplyAdd(c, cx, -(s * sx));
        z1 = radius * Vector512.FusedMultiplyAdd(s, cx, c * sx);
    }

    /// <summary>A 32-entry table as two 16-lane halves: one two-table permute per lookup on AVX-512.</summary>
    private sealed class Tables512(float[] reciprocal, float[] logTerm, float[] sine, float[] cosine)
    {
        public readonly (Vector512<float> Low, Vector512<float> High) Reciprocal = Halves(reciprocal);
        public readonly (Vector512<float> Low, Vector512<float> High) LogTerm = Halves(logTerm);
        public readonly (Vector512<float> Low, Vector512<float> High) Sine = Halves(sine);
        public readonly (Vector512<float> Low, Vector512<float> High) Cosine = Halves(cosine);

        private static (Vector512<float>, Vector512<float>) Halves(float[] table) =>
            (Vector512.Create(table.AsSpan(0, 16)), Vector512.Create(table.AsSpan(16, 16)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Lookup((Vector512<float> Low, Vector512<float> High) table, Vector512<int> index)
        {
            if (Avx512F.IsSupported)
            {
                return Avx512F.PermuteVar16x32x2(table.Low, index, table.High);
            }
            var low = Vector512.Shuffle(table.Low, index & Vector512.Create(15));
            var high = Vector512.Shuffle(table.High, index & Vector512.Create(15));
            return Vector512.ConditionalSelect(Vector512.GreaterThan(index, Vector512.Create(15)).AsSingle(), high, low);
        }
    }

    /// <summary>A 32-entry table as four 8-lane quarters: four in-register permutes and three blends per lookup on AVX2.</summary>
    private sealed class Tables256(float[] reciprocal, float[] logTerm, float[] sine, float[] cosine)
    {
        public readonly Vector256<float>[] Reciprocal = Quarters(reciprocal);
        public readonly Vector256<float>[] LogTerm = Quarters(logTerm);
        public readonly Vector256<float>[] Sine = Quarters(sine);
        public readonly Vector256<float>[] Cosine = Quarters(cosine);

        private static Vector256<float>[] Quarters(float[] table) =>
            [.. Enumerable.Range(0, 4).Select(q => Vector256.Create(table.AsSpan(8 * q, 8)))];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Lookup(Vector256<float>[] table, Vector256<int> index)
        {
            var low = index & Vector256.Create(7);
            var q0 = Permute(table[0], low);
            var q1 = Permute(table[1], low);
            var q2 = Permute(table[2], low);
            var q3 = Permute(table[3], low);
            var odd = Vector256.Equals(index & Vector256.Create(8), Vector256.Create(8)).AsSingle();
            var upper = Vector256.Equals(index & Vector256.Create(16), Vector256.Create(16)).AsSingle();
            return Vector256.ConditionalSelect(upper, Vector256.ConditionalSelect(odd, q3, q2), Vector256.ConditionalSelect(odd, q1, q0));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Permute(Vector256<float> table, Vector256<int> index) =>
            Avx2.IsSupported ? Avx2.PermuteVar8x32(table, index) : Vector256.Shuffle(table, index);
    }
}
