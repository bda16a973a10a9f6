namespace Sandbox.Cluster.Evaluation;

/// <summary>One evaluation grain the run uses: its key, its silo, and what it has done.</summary>
internal sealed class ClusterWorker(string key, string siloKey, string siloName, int processId, int index)
{
    public string Key { get; } = key;
    public string SiloKey { get; } = siloKey;
    public string SiloName { get; } = siloName;
    public int ProcessId { get; } = processId;
    public int Index { get; } = index;
    public volatile bool Busy;
    public int Batches;
}
