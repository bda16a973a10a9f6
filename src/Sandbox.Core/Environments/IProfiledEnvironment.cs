namespace Sandbox.Core.Environments;

/// <summary>
/// An environment that accounts for named parts of its step time (the physics step, sensor ray
/// casts), so that benchmarks can show where environment time goes. Counting costs two timestamps
/// per part per step.
/// </summary>
public interface IProfiledEnvironment
{
    /// <summary>Adds the Stopwatch ticks spent in each part since the last call to <paramref name="ticks"/>, then clears them.</summary>
    void TakeProfile(IDictionary<string, long> ticks);
}
