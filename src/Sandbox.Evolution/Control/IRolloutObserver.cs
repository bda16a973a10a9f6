using Sandbox.Core.Environments;

namespace Sandbox.Evolution.Control;

/// <summary>Sees the environment after every reset and step of a rollout (for rendering; not used in training).</summary>
public interface IRolloutObserver
{
    /// <summary>Called once after the lanes are reset (<paramref name="step"/> 0) and after each step.</summary>
    void Observe(IVectorEnvironment environment, int step);
}
