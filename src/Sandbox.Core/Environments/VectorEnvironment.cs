using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// Base for vectorized environments: owns the shared buffers and applies Gymnasium's
/// <c>TimeLimit</c> so that each environment only implements its own dynamics.
/// </summary>
public abstract class VectorEnvironment : IVectorEnvironment
{
    private readonly float[] _observations;
    private readonly int[] _discreteActions;
    private readonly float[] _continuousActions;
    private readonly double[] _rewards;
    private readonly bool[] _terminated;
    private readonly bool[] _truncated;
    private readonly int[] _elapsed;

    /// <summary>Allocates buffers for <paramref name="count"/> lanes of <paramref name="spec"/>.</summary>
    protected VectorEnvironment(EnvironmentSpec spec, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Spec = spec;
        Count = count;
        ObservationSize = spec.ObservationSpace.FlatSize;
        ActionSize = spec.ActionSpace.FlatSize;
        _observations = new float[count * ObservationSize];
        _discreteActions = new int[count];
        _continuousActions = new float[count * ActionSize];
        _rewards = new double[count];
        _terminated = new bool[count];
        _truncated = new bool[count];
        _elapsed = new int[count];
    }

    /// <inheritdoc />
    public EnvironmentSpec Spec { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>Floats per observation.</summary>
    protected int ObservationSize { get; }

    /// <summary>Floats per continuous action.</summary>
    protected int ActionSize { get; }

    /// <inheritdoc />
    public Span<float> Observations => _observations;

    /// <inheritdoc />
    public Span<int> DiscreteActions => _discreteActions;

    /// <inheritdoc />
    public Span<float> ContinuousActions => _continuousActions;

    /// <inheritdoc />
    public Span<double> Rewards => _rewards;

    /// <inheritdoc />
    public Span<bool> Terminated => _terminated;

    /// <inheritdoc />
    public Span<bool> Truncated => _truncated;

    /// <inheritdoc />
    public ReadOnlySpan<int> ElapsedSteps => _elapsed;

    /// <inheritdoc />
    public void Reset(int lane, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        _elapsed[lane] = 0;
        _rewards[lane] = 0;
        _terminated[lane] = false;
        _truncated[lane] = false;
        ResetLane(lane, (ulong)seed, _observations.AsSpan(lane * ObservationSize, ObservationSize));
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<int> lanes)
    {
        StepLanes(lanes);
        int limit = Spec.MaxEpisodeSteps;
        foreach (int lane in lanes)
        {
            int elapsed = ++_elapsed[lane];
            _truncated[lane] = elapsed >= limit;
        }
    }

    /// <summary>Resets one lane's dynamics from <paramref name="seed"/> and writes its observation.</summary>
    protected abstract void ResetLane(int lane, ulong seed, Span<float> observation);

    /// <summary>
    /// Advances the given lanes one step with the actions in <see cref="DiscreteActions"/> or
    /// <see cref="ContinuousActions"/>, writing observations, <see cref="Rewards"/> and <see cref="Terminated"/>.
    /// </summary>
    protected abstract void StepLanes(ReadOnlySpan<int> lanes);

    /// <summary>The continuous action of one lane.</summary>
    protected ReadOnlySpan<float> ContinuousAction(int lane) => _continuousActions.AsSpan(lane * ActionSize, ActionSize);

    /// <summary>The observation slot of one lane.</summary>
    protected Span<float> Observation(int lane) => _observations.AsSpan(lane * ObservationSize, ObservationSize);

    /// <summary>Releases native resources; the base has none.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }
}
