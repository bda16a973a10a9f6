namespace Sandbox.Supervised.Datasets;

/// <summary>
/// A dataset that cannot be used as asked: unknown name, missing or corrupt files, a failed fetch. The message is
/// one line saying what, where and what to do; the CLI prints it and exits with code 2.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public DatasetException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the failure behind it.</summary>
    public DatasetException(string message, Exception inner) : base(message, inner)
    {
    }
}
