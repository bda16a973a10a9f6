namespace Sandbox.Core.Perturbations;

/// <summary>
/// Names one perturbation vector: the run seed, what it is for (<see cref="Stream"/>, e.g. weights
/// vs. search noise), the generation and the population member. Every process regenerates the same
/// vector from these four numbers, so only they need to travel.
/// </summary>
public readonly record struct NoiseKey(ulong RunSeed, uint Stream, uint Generation, uint Member)
{
    /// <summary>Stream id for frozen network weights.</summary>
    public const uint WeightsStream = 1;

    /// <summary>Stream id for initial supermask scores.</summary>
    public const uint InitialScoresStream = 2;

    /// <summary>Stream id for search perturbations (children, ES directions).</summary>
    public const uint SearchStream = 3;

    /// <summary>Stream id for dense initial weights of full-weight ES.</summary>
    public const uint InitialWeightsStream = 4;

    /// <summary>Stream id for random choices inside an algorithm (e.g. which elite a child descends from).</summary>
    public const uint SelectionStream = 5;

    /// <summary>
    /// Stream id for the order in which a dataset's examples are visited: the generation field is the epoch,
    /// so each epoch's shuffle is regenerated from (run seed, epoch) alone, in any process.
    /// </summary>
    public const uint DataOrderStream = 6;

    /// <summary>
    /// Stream id for the directions of random-bases descent and its baselines: the generation field is the step (0 for
    /// the fixed projection), the member the direction number across all compartments.
    /// </summary>
    public const uint RandomBasesStream = 11;
}
