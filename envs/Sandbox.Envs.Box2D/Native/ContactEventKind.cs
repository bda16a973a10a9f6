namespace Sandbox.Envs.Box2D.Native;

/// <summary>Which contact listener callback produced a <see cref="ContactEvent"/>.</summary>
public enum ContactEventKind
{
    /// <summary><c>BeginContact</c>: two fixtures started touching.</summary>
    Begin = 1,

    /// <summary><c>EndContact</c>: two fixtures stopped touching.</summary>
    End = 2,
}
