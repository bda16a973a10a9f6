namespace Sandbox.Cli.Commands;

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;
    /// <summary>Unexpected failure.</summary>
    public const int Failure = 1;
    /// <summary>Bad input: arguments, config, policy file or environment id.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl+C or SIGTERM after saving what was done.</summary>
    public const int Interrupted = 130;
}
