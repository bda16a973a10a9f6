namespace Sandbox.Evolution.Control;

/// <summary>A replay's episodes: return and length per episode in seed order, and the mean return.</summary>
public sealed record ReplayResult(double[] Returns, int[] Lengths, double MeanReturn);
