namespace Sandbox.Evolution.Tasks;

/// <summary>
/// What algorithms search over: the length of θ and how it splits into layers (dense weights) or
/// scores (supermask: one score per frozen weight). Algorithms see nothing else of the task.
/// </summary>
public sealed record SearchSpace(int Count, IReadOnlyList<ParameterSegment> Segments)
{
    /// <summary>A space of <paramref name="count"/> parameters with no structure (one segment, fan-in 1).</summary>
    public static SearchSpace Flat(int count) => new(count, [new ParameterSegment(0, count, 0, 1, false)]);
}
