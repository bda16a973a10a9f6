namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>
/// How many RNG calls one terrain-and-clouds generation made, by Generator call (envs.md §5.10).
/// Calls that consume no random bits (<c>integers(4, 5)</c>) are counted too, as the spec does.
/// </summary>
/// <param name="GrassUniform"><c>uniform(−1, 1)</c> terrain velocity draws.</param>
/// <param name="SegmentLengths"><c>integers(5, 10)</c> grass counters.</param>
/// <param name="States"><c>integers(1, 4)</c> hardcore obstacle states.</param>
/// <param name="StairDirections"><c>random()</c> stair up/down draws.</param>
/// <param name="StairWidths"><c>integers(4, 5)</c>, always 4 and drawing nothing.</param>
/// <param name="ThreeOrFour"><c>integers(3, 5)</c>: pit widths and stair step counts.</param>
/// <param name="StumpSizes"><c>integers(1, 3)</c> stump sizes.</param>
/// <param name="CloudPositions"><c>uniform(0, 200)</c> cloud positions.</param>
/// <param name="CloudVertices"><c>uniform(0, 5·TERRAIN_STEP)</c> cloud vertex jitters.</param>
public readonly record struct TerrainDrawCounts(
    int GrassUniform,
    int SegmentLengths,
    int States,
    int StairDirections,
    int StairWidths,
    int ThreeOrFour,
    int StumpSizes,
    int CloudPositions,
    int CloudVertices)
{
    /// <summary>All calls, including those that draw nothing.</summary>
    public int Total => GrassUniform + SegmentLengths + States + StairDirections + StairWidths + ThreeOrFour
        + StumpSizes + CloudPositions + CloudVertices;
}
