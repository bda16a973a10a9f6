namespace Sandbox.Supervised.Datasets;

/// <summary>The contents of one IDX file of unsigned bytes: its dimensions and its data, row-major.</summary>
/// <param name="Dimensions">Sizes, outermost first (count for labels; count, rows, columns for images).</param>
/// <param name="Data">The product of the dimensions in bytes.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Data);
