namespace Sandbox.Evolution.Tasks;

/// <summary>
/// What every candidate of one evaluation shares: the seeds of its random inputs (episode seeds for a
/// control task; the minibatch step for a classification task) and which split it is drawn from.
/// Sharing it across candidates (common random numbers) makes their fitnesses comparable.
/// </summary>
public sealed record EvaluationContext(long[] Seeds, EvaluationSplit Split = EvaluationSplit.Training);
