namespace Sandbox.Envs.Box2D.Native;

/// <summary>A call into the Box2D shim was refused; the world is unchanged.</summary>
public sealed class Box2DException : Exception
{
    /// <summary>Creates the exception for a shim error code and its message.</summary>
    public Box2DException(Box2DError error, string message, Exception? inner = null)
        : base($"Box2D: {message} ({error})", inner) => Error = error;

    /// <summary>What went wrong.</summary>
    public Box2DError Error { get; }
}
