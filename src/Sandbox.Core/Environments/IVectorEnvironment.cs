using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// <see cref="Count"/> independent copies of one environment ("lanes") stepped in lockstep over
/// contiguous buffers: the caller writes actions for the lanes it steps, calls <see cref="Step"/>,
/// and reads observations, rewards and end flags from the same buffers. Gymnasium semantics per lane,
/// including the time limit (<see cref="EnvironmentSpec.MaxEpisodeSteps"/>).
/// </summary>
public interface IVectorEnvironment : IDisposable
{
    /// <summary>What is being simulated.</summary>
    EnvironmentSpec Spec { get; }

    /// <summary>Number of lanes.</summary>
    int Count { get; }

    /// <summary>Observations, <c>Count × ObservationSpace.FlatSize</c> float32 values, lane-major.</summary>
    Span<float> Observations { get; }

    /// <summary>Discrete actions, one per lane (used when the action space is <see cref="DiscreteSpace"/>).</summary>
    Span<int> DiscreteActions { get; }

    /// <summary>Continuous actions, <c>Count × ActionSpace.FlatSize</c> (used when the action space is a <see cref="BoxSpace"/>).</summary>
    Span<float> ContinuousActions { get; }

    /// <summary>The reward of each lane's last step (double, as Gymnasium computes it).</summary>
    Span<double> Rewards { get; }

    /// <summary>Whether each lane's last step ended the episode inside the MDP.</summary>
    Span<bool> Terminated { get; }

    /// <summary>Whether each lane's last step hit the time limit.</summary>
    Span<bool> Truncated { get; }

    /// <summary>Steps taken in each lane's current episode.</summary>
    ReadOnlySpan<int> ElapsedSteps { get; }

    /// <summary>Starts a new episode in <paramref name="lane"/> from <paramref name="seed"/> and writes its first observation.</summary>
    void Reset(int lane, long seed);

    /// <summary>Steps the given lanes with the actions currently in the action buffers.</summary>
    void Step(ReadOnlySpan<int> lanes);
}
