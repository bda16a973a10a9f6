namespace Sandbox.Evolution.Configuration;

/// <summary>Settings of classification tasks: the dataset, the minibatch every candidate of a generation shares, and the fitness.</summary>
public sealed record ClassificationConfig
{
    /// <summary>Loss as fitness: minus the mean softmax cross-entropy on the generation's minibatch.</summary>
    public const string LossFitness = "loss";

    /// <summary>Accuracy on the generation's minibatch as fitness.</summary>
    public const string AccuracyFitness = "accuracy";

    /// <summary><c>mnist</c>, <c>fashion-mnist</c> or <c>cifar10</c>.</summary>
    public string Dataset { get; init; } = "mnist";

    /// <summary>Examples in each generation's minibatch (drawn from the run seed, the same for all candidates).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary><c>loss</c> (minus the cross-entropy) or <c>accuracy</c>.</summary>
    public string Fitness { get; init; } = LossFitness;

    /// <summary>Training examples held out (the last ones) as the dev split champions are validated on.</summary>
    public int ValidationExamples { get; init; } = 10_000;

    /// <summary>Directory of a dataset that cannot be fetched (CIFAR-10's binary batches); null for the default.</summary>
    public string? DataDirectory { get; init; }
}
