using System.Numerics;
using Sandbox.Core.Environments;
using Sandbox.Core.Rendering;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// Gymnasium's BipedalWalker-v3 (and the hardcore variant) on Box2D 2.3.1, vectorized: one Box2D
/// world per lane. Each reset builds a fresh world, so a seed always gives the same episode, equal
/// to Gymnasium's first episode of a fresh instance; Gymnasium itself reuses one world across
/// resets, which makes its later episodes depend on history (envs.md §5.3, openai/gym #2390).
/// </summary>
public sealed class BipedalWalkerEnvironment : VectorEnvironment, IRenderableEnvironment, IProfiledEnvironment
{
    private readonly WalkerLane[] _lanes;

    /// <summary>Creates <paramref name="count"/> lanes; <paramref name="hardcore"/> adds stumps, stairs and pits.</summary>
    public BipedalWalkerEnvironment(EnvironmentSpec spec, int count, bool hardcore) : base(spec, count)
    {
        if (ObservationSize != BipedalWalkerConstants.ObservationSize || ActionSize != BipedalWalkerConstants.ActionSize)
        {
            throw new ArgumentException($"{spec.Id}: BipedalWalker needs 24 observations and 4 actions, the spec has {ObservationSize} and {ActionSize}");
        }
        Hardcore = hardcore;
        _lanes = new WalkerLane[count];
        for (int i = 0; i < count; i++)
        {
            _lanes[i] = new WalkerLane(hardcore);
        }
    }

    /// <inheritdoc />
    public void TakeProfile(IDictionary<string, long> ticks)
    {
        foreach (var lane in _lanes)
        {
            lane.Profile.TakeInto(ticks);
        }
    }

    /// <summary>Whether the terrain has obstacles (BipedalWalkerHardcore-v3).</summary>
    public bool Hardcore { get; }

    /// <summary>The hull origin of one lane after its last step, as Box2D reports it.</summary>
    public Vector2 HullPosition(int lane) => _lanes[lane].States[WalkerLane.Hull].Position;

    /// <summary>Whether the hull of one lane has touched the terrain this episode.</summary>
    public bool IsGameOver(int lane) => _lanes[lane].GameOver;

    /// <summary>The terrain, obstacles and clouds of one lane's current episode.</summary>
    public TerrainGenerator Terrain(int lane) => _lanes[lane].Terrain;

    /// <summary>One lane's simulation, for tests.</summary>
    internal WalkerLane Lane(int lane) => _lanes[lane];

    /// <inheritdoc />
    public void Render(int lane, Frame frame) => BipedalWalkerRenderer.Draw(_lanes[lane], frame);

    /// <inheritdoc />
    protected override void ResetLane(int lane, ulong seed, Span<float> observation) =>
        _lanes[lane].Reset(seed, observation);

    /// <inheritdoc />
    protected override void StepLanes(ReadOnlySpan<int> lanes)
    {
        var rewards = Rewards;
        var terminated = Terminated;
        foreach (int lane in lanes)
        {
            terminated[lane] = _lanes[lane].Step(ContinuousAction(lane), Observation(lane), out double reward);
            rewards[lane] = reward;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (WalkerLane lane in _lanes)
            {
                lane.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
