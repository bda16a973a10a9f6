using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Tasks;

/// <summary>
/// A problem the engine evolves solutions for — a control task (an environment and a policy network) or a
/// classification task (a dataset and a classifier) — as a plug-in: it says what θ is, what every
/// candidate of a generation shares, how candidates are evaluated (fitness and named metrics), how a
/// champion is validated on held-out inputs, and what file a champion becomes. Algorithms, runs,
/// checkpoints, workers and the protocol use only this contract.
/// </summary>
public interface IEvaluationTask : IDisposable
{
    /// <summary><c>control</c> or <c>classification</c>.</summary>
    string Kind { get; }

    /// <summary>What the task is on: an environment id or a dataset name.</summary>
    string Id { get; }

    /// <summary>The network in words, e.g. <c>4-64-64-2 (tanh)</c>.</summary>
    string Network { get; }

    /// <summary>What θ is.</summary>
    SearchSpace Space { get; }

    /// <summary>The metrics each result carries.</summary>
    MetricLayout Metrics { get; }

    /// <summary>The validation score that counts as solved when the config sets no target.</summary>
    double DefaultTarget { get; }

    /// <summary>Full validation size (episodes, or held-out examples), and the smaller screen tried first.</summary>
    (int Full, int Screen) ValidationSizes { get; }

    /// <summary>Facts for provenance.json (physics, dataset, network); values are strings or numbers.</summary>
    IReadOnlyDictionary<string, object> Provenance { get; }

    /// <summary>File name of the final artifact inside a run directory (e.g. <c>policy.policy</c>).</summary>
    string ArtifactFileName { get; }

    /// <summary>What every candidate of training generation <paramref name="generation"/> shares.</summary>
    EvaluationContext TrainingContext(int generation);

    /// <summary>The first <paramref name="size"/> held-out inputs (episodes or examples).</summary>
    EvaluationContext ValidationContext(int size);

    /// <summary>An evaluator on <paramref name="threads"/> threads; it reads this task's current state.</summary>
    ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device);

    /// <summary>The task's adaptive state (e.g. running observation statistics) as bytes; empty when it has none.</summary>
    byte[] ExportState();

    /// <summary>Replaces the adaptive state with one from <see cref="ExportState"/>.</summary>
    /// <exception cref="InvalidDataException">The state does not fit this task.</exception>
    void ImportState(ReadOnlySpan<byte> state);

    /// <summary>Folds a generation's results (their statistics) into the adaptive state; every replica does the same.</summary>
    void Commit(IReadOnlyList<CandidateResult> results);

    /// <summary>Checks that artifact bytes (from a checkpoint) are a valid file of this task: same kind, environment or dataset, and network.</summary>
    /// <exception cref="InvalidDataException">They are not.</exception>
    void CheckArtifact(ReadOnlySpan<byte> artifact);

    /// <summary>The file a champion becomes (policy or classifier model), as bytes.</summary>
    byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance);
}
