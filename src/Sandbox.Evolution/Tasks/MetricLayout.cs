namespace Sandbox.Evolution.Tasks;

/// <summary>
/// The metrics a task reports per candidate: their names (snake_case, as written to metrics.jsonl), which
/// one counts the work done (environment steps, samples; summed per generation and over the run), and which
/// one validation compares with the target (return, accuracy).
/// </summary>
public sealed record MetricLayout(string[] Names, int Work, int Validation)
{
    /// <summary>Name of the work metric.</summary>
    public string WorkName => Names[Work];

    /// <summary>Name of the validation metric.</summary>
    public string ValidationName => Names[Validation];

    /// <summary>Index of <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);
}
