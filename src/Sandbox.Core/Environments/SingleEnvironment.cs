using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// One environment with Gymnasium's interface (<c>Reset(seed)</c> → observation,
/// <c>Step(action)</c> → reward, terminated, truncated), a view over a one-lane vector environment
/// so that single and batched use share one implementation.
/// </summary>
public sealed class SingleEnvironment : IDisposable
{
    private static readonly int[] FirstLane = [0];
    private readonly IVectorEnvironment _vector;
    private bool _hasReset;

    /// <summary>Wraps lane 0 of <paramref name="vector"/>.</summary>
    public SingleEnvironment(IVectorEnvironment vector) => _vector = vector;

    /// <summary>What is being simulated.</summary>
    public EnvironmentSpec Spec => _vector.Spec;

    /// <summary>The one-lane vector environment underneath (for state inspection and rendering).</summary>
    public IVectorEnvironment Vector => _vector;

    /// <summary>The current observation (valid until the next call).</summary>
    public ReadOnlySpan<float> Observation => _vector.Observations[.._vector.Spec.ObservationSpace.FlatSize];

    /// <summary>Starts an episode from <paramref name="seed"/> and returns its first observation.</summary>
    public ReadOnlySpan<float> Reset(long seed)
    {
        _vector.Reset(0, seed);
        _hasReset = true;
        return Observation;
    }

    /// <summary>Steps with a discrete action.</summary>
    public StepResult Step(int action)
    {
        if (Spec.ActionSpace is not DiscreteSpace discrete)
        {
            throw new InvalidOperationException($"{Spec.Id} takes continuous actions");
        }
        if ((uint)action >= (uint)discrete.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(action), $"{Spec.Id} takes actions 0..{discrete.Count - 1}");
        }
        _vector.DiscreteActions[0] = action;
        return StepCore();
    }

    /// <summary>Steps with a continuous action.</summary>
    public StepResult Step(ReadOnlySpan<float> action)
    {
        if (Spec.ActionSpace is not BoxSpace box || action.Length != box.FlatSize)
        {
            throw new ArgumentException($"{Spec.Id} takes actions from {Spec.ActionSpace.Describe()}", nameof(action));
        }
        action.CopyTo(_vector.ContinuousActions);
        return StepCore();
    }

    private StepResult StepCore()
    {
        if (!_hasReset)
        {
            throw new InvalidOperationException("call Reset before Step");
        }
        _vector.Step(FirstLane);
        return new StepResult(_vector.Rewards[0], _vector.Terminated[0], _vector.Truncated[0]);
    }

    /// <inheritdoc />
    public void Dispose() => _vector.Dispose();
}
