namespace Sandbox.Evolution.Tasks;

/// <summary>Which inputs an evaluation draws from.</summary>
public enum EvaluationSplit
{
    /// <summary>Training inputs: fresh episodes or a minibatch per generation.</summary>
    Training,
    /// <summary>Held-out inputs for validating a champion: episodes on seeds never trained on, or the dev split.</summary>
    Validation,
}
