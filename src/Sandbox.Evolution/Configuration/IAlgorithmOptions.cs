namespace Sandbox.Evolution.Configuration;

/// <summary>The options record of one algorithm (a config section); it validates itself.</summary>
public interface IAlgorithmOptions
{
    /// <summary>One line per problem, naming the key (with its section) and the allowed range.</summary>
    IEnumerable<string> Validate(RunConfig config);
}
