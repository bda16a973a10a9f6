namespace Sandbox.Core.Rendering;

/// <summary>An environment that can draw the current state of one of its lanes, as Gymnasium's <c>render()</c> would.</summary>
public interface IRenderableEnvironment
{
    /// <summary>Clears <paramref name="frame"/> and draws lane <paramref name="lane"/> into it.</summary>
    void Render(int lane, Frame frame);
}
