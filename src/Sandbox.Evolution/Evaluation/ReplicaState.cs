namespace Sandbox.Evolution.Evaluation;

/// <summary>What a replica (a worker process, a cluster grain) needs to plan and update exactly as the run does: the algorithm's and the task's state at a generation boundary.</summary>
public sealed record ReplicaState(byte[] Algorithm, byte[] Task);
