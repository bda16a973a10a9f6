namespace Sandbox.Cluster.Grains;

/// <summary>
/// One evaluation worker on a silo (key <c>silo/slot</c>, see <see cref="Placement.GrainKeys"/>). It owns a replica of a
/// run: the algorithm and task state rebuilt from the run's config and a state snapshot, never the parameters of
/// every candidate. Payloads are engine frames (<see cref="Protocol.ClusterProtocol"/>).
/// </summary>
[Alias("Sandbox.Cluster.IEvaluationGrain")]
public interface IEvaluationGrain : IGrainWithStringKey
{
    /// <summary>Builds the replica from a hello (config, algorithm and task state); answers a ready or a refused frame.</summary>
    [Alias("Prepare")]
    Task<byte[]> Prepare(byte[] hello);

    /// <summary>Evaluates a batch of the generation; answers a results or failure frame, or an empty payload when the replica needs the state first.</summary>
    [Alias("Evaluate")]
    Task<byte[]> Evaluate(string runToken, byte[] generation, byte[] batch);

    /// <summary>Applies a generation's update; false when the replica is not at that generation (it will ask for the state).</summary>
    [Alias("Tell")]
    Task<bool> Tell(string runToken, byte[] generation, byte[] tell);
}
