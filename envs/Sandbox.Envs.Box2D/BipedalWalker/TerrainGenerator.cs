using Sandbox.Core.Random;
using static Sandbox.Envs.Box2D.BipedalWalker.BipedalWalkerConstants;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Gymnasium's BipedalWalker terrain state machine and clouds (envs.md §5.6, §5.7), in pure managed
/// code: it consumes the lane's RNG in Gymnasium's order and produces the terrain heights, the
/// obstacle polygons (in creation order) and the cloud polygons, all in double. One instance per
/// lane; its arrays are reused, so generating allocates nothing once they have grown.
/// </summary>
public sealed class TerrainGenerator
{
    /// <summary>Doubles per obstacle polygon: four (x, y) vertices in Gymnasium's order.</summary>
    public const int ObstacleStride = 8;

    /// <summary>Doubles per cloud polygon: five (x, y) vertices.</summary>
    public const int CloudStride = 10;

    private const int Grass = 0, Stump = 1, Stairs = 2, Pit = 3, StateCount = 4;

    private readonly double[] _x = new double[TerrainLength];
    private readonly double[] _y = new double[TerrainLength];
    private readonly double[] _clouds = new double[Clouds * CloudStride];
    private readonly double[] _cloudX1 = new double[Clouds];
    private readonly double[] _cloudX2 = new double[Clouds];
    private double[] _obstacles = new double[32 * ObstacleStride];
    private int[] _segmentDraws = new int[64];
    private int[] _stateDraws = new int[32];
    private int _obstacleCount;
    private int _segmentDrawCount;
    private int _stateDrawCount;
    private int _grassUniform, _stairDirections, _stairWidths, _threeOrFour, _stumpSizes, _cloudPositions, _cloudVertices;

    /// <summary>terrain_x: i·TERRAIN_STEP for i = 0..199.</summary>
    public ReadOnlySpan<double> X => _x;

    /// <summary>terrain_y after the last <see cref="Generate"/>.</summary>
    public ReadOnlySpan<double> Y => _y;

    /// <summary>Obstacle polygons made by the last <see cref="Generate"/> (0 in normal mode).</summary>
    public int ObstacleCount => _obstacleCount;

    /// <summary>The <c>integers(5, 10)</c> results in draw order (the grass segment lengths).</summary>
    public ReadOnlySpan<int> SegmentLengthDraws => _segmentDraws.AsSpan(0, _segmentDrawCount);

    /// <summary>The hardcore <c>integers(1, 4)</c> state results in draw order (1 stump, 2 stairs, 3 pit).</summary>
    public ReadOnlySpan<int> StateDraws => _stateDraws.AsSpan(0, _stateDrawCount);

    /// <summary>RNG calls made by the last <see cref="Generate"/> and <see cref="GenerateClouds"/>.</summary>
    public TerrainDrawCounts DrawCounts => new(_grassUniform, _segmentDrawCount, _stateDrawCount, _stairDirections,
        _stairWidths, _threeOrFour, _stumpSizes, _cloudPositions, _cloudVertices);

    /// <summary>The vertices of obstacle <paramref name="index"/>: x0, y0, …, x3, y3, as Gymnasium lists them.</summary>
    public ReadOnlySpan<double> Obstacle(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_obstacleCount, nameof(index));
        return _obstacles.AsSpan(index * ObstacleStride, ObstacleStride);
    }

    /// <summary>The five vertices of cloud <paramref name="index"/>: x0, y0, …, x4, y4.</summary>
    public ReadOnlySpan<double> Cloud(int index) => _clouds.AsSpan(index * CloudStride, CloudStride);

    /// <summary>The smallest and largest x of cloud <paramref name="index"/> (used to cull it when drawing).</summary>
    public (double X1, double X2) CloudExtent(int index) => (_cloudX1[index], _cloudX2[index]);

    /// <summary>Runs the terrain state machine with Gymnasium's draws (the first RNG use of a reset).</summary>
    public void Generate(NumpyGenerator random, bool hardcore)
    {
        ArgumentNullException.ThrowIfNull(random);
        _obstacleCount = _segmentDrawCount = _stateDrawCount = 0;
        _grassUniform = _stairDirections = _stairWidths = _threeOrFour = _stumpSizes = 0;

        int state = Grass;
        double velocity = 0.0;
        double y = TerrainHeight;
        long counter = TerrainStartpad;
        bool oneshot = false;
        long stairSteps = 0, stairWidth = 0, stairHeight = 0;
        double originalY = 0;
        for (int i = 0; i < TerrainLength; i++)
        {
            double x = i * TerrainStep;
            _x[i] = x;
            if (state == Grass && !oneshot)
            {
                velocity = 0.8 * velocity + 0.01 * Math.Sign(TerrainHeight - y);
                if (i > TerrainStartpad)
                {
                    velocity += random.Uniform(-1, 1) / Scale;
                    _grassUniform++;
                }
                y += velocity;
            }
            else if (state == Pit && oneshot)
            {
                counter = random.Integers(3, 5);
                _threeOrFour++;
                AddQuad(x, y, x + TerrainStep, y, x + TerrainStep, y - 4 * TerrainStep, x, y - 4 * TerrainStep);
                double shift = TerrainStep * counter;
                AddQuad(x + shift, y, (x + TerrainStep) + shift, y, (x + TerrainStep) + shift, y - 4 * TerrainStep,
                    x + shift, y - 4 * TerrainStep);
                counter += 2;
                originalY = y;
            }
            else if (state == Pit && !oneshot)
            {
                y = originalY;
                if (counter > 1)
                {
                    y -= 4 * TerrainStep;
                }
            }
            else if (state == Stump && oneshot)
            {
                counter = random.Integers(1, 3);
                _stumpSizes++;
                double size = counter * TerrainStep;
                AddQuad(x, y, x + size, y, x + size, y + size, x, y + size);
            }
            else if (state == Stairs && oneshot)
            {
                stairHeight = random.NextDouble() > 0.5 ? 1 : -1;
                _stairDirections++;
                stairWidth = random.Integers(4, 5);
                _stairWidths++;
                stairSteps = random.Integers(3, 5);
                _threeOrFour++;
                originalY = y;
                for (long s = 0; s < stairSteps; s++)
                {
                    double left = x + (s * stairWidth) * TerrainStep;
                    double right = x + ((1 + s) * stairWidth) * TerrainStep;
                    double top = y + (s * stairHeight) * TerrainStep;
                    double bottom = y + (-1 + s * stairHeight) * TerrainStep;
                    AddQuad(left, top, right, top, right, bottom, left, bottom);
                }
                counter = stairSteps * stairWidth;
            }
            else if (state == Stairs && !oneshot)
            {
                // The edge under the stairs is a slope through the step corners, not a staircase.
                long s = stairSteps * stairWidth - counter - stairHeight;
                double n = (double)s / stairWidth;
                y = originalY + (n * stairHeight) * TerrainStep;
            }

            oneshot = false;
            _y[i] = y;
            counter--;
            if (counter == 0)
            {
                counter = random.Integers(TerrainGrass / 2, TerrainGrass);
                Record(ref _segmentDraws, ref _segmentDrawCount, (int)counter);
                if (state == Grass && hardcore)
                {
                    state = (int)random.Integers(1, StateCount);
                    Record(ref _stateDraws, ref _stateDrawCount, state);
                }
                else
                {
                    state = Grass;
                }
                oneshot = true;
            }
        }
    }

    /// <summary>Draws the ten clouds (11 RNG calls each; Gymnasium uses 3.14, not π).</summary>
    public void GenerateClouds(NumpyGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _cloudPositions = _cloudVertices = 0;
        for (int k = 0; k < Clouds; k++)
        {
            double x = random.Uniform(0, TerrainLength) * TerrainStep;
            _cloudPositions++;
            double y = ViewportH / Scale * 3 / 4;
            double x1 = double.PositiveInfinity, x2 = double.NegativeInfinity;
            for (int a = 0; a < 5; a++)
            {
                double angle = 3.14 * 2 * a / 5;
                double px = x + 15 * TerrainStep * Math.Sin(angle) + random.Uniform(0, 5 * TerrainStep);
                double py = y + 5 * TerrainStep * Math.Cos(angle) + random.Uniform(0, 5 * TerrainStep);
                _cloudVertices += 2;
                _clouds[k * CloudStride + 2 * a] = px;
                _clouds[k * CloudStride + 2 * a + 1] = py;
                x1 = Math.Min(x1, px);
                x2 = Math.Max(x2, px);
            }
            _cloudX1[k] = x1;
            _cloudX2[k] = x2;
        }
    }

    private void AddQuad(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3)
    {
        int offset = _obstacleCount * ObstacleStride;
        if (offset + ObstacleStride > _obstacles.Length)
        {
            Array.Resize(ref _obstacles, _obstacles.Length * 2);
        }
        Span<double> quad = _obstacles.AsSpan(offset, ObstacleStride);
        quad[0] = x0;
        quad[1] = y0;
        quad[2] = x1;
        quad[3] = y1;
        quad[4] = x2;
        quad[5] = y2;
        quad[6] = x3;
        quad[7] = y3;
        _obstacleCount++;
    }

    private static void Record(ref int[] values, ref int count, int value)
    {
        if (count == values.Length)
        {
            Array.Resize(ref values, values.Length * 2);
        }
        values[count++] = value;
    }
}
