using Sandbox.Core.Environments;
using Sandbox.Core.Text;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Control;

/// <summary>Builds control tasks on the environments of a registry.</summary>
public sealed class ControlTaskFactory(EnvironmentRegistry environments) : ITaskFactory
{
    /// <inheritdoc />
    public string Kind => RunConfig.ControlTask;

    /// <summary>The environments offered.</summary>
    public EnvironmentRegistry Environments => environments;

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        if (!environments.TryGet(config.Env, out var env))
        {
            yield return $"env: unknown environment id {Quoted.Value(config.Env)} (known: {string.Join(", ", environments.All.Select(s => s.Id))})";
            yield break;
        }
        string? problem = null;
        try
        {
            // The shape only: building the parameterization would already allocate the frozen weights.
            _ = new Policies.Networks.MlpArchitecture(env.ObservationSpace.FlatSize, config.Policy.Hidden,
                Policies.Networks.ActionMapping.OutputWidth(env.ActionSpace), config.Policy.Bias, config.ParsedActivation);
        }
        catch (ArgumentException e)
        {
            problem = $"policy.hidden: {Quoted.Message(e.Message)}";
        }
        if (problem is not null)
        {
            yield return problem;
            yield break;
        }
        if (MemoryProblem(config, env) is { } memory)
        {
            yield return memory;
        }
    }

    /// <summary>Bytes each lockstep episode takes besides its network activations (environment state, buffers, bookkeeping); generous on purpose.</summary>
    private const double LaneOverheadBytes = 2048;

    /// <summary>
    /// A generation runs every candidate's episodes in lockstep, one lane each: refuse, with the figure, a
    /// population × episodes whose lanes cannot fit in this machine's memory, rather than fail hours later.
    /// </summary>
    private static string? MemoryProblem(RunConfig config, EnvironmentSpec env)
    {
        long lanes = (long)config.Population * config.Episodes;
        double perLane = LaneOverheadBytes + 4.0 * (2 * env.ObservationSpace.FlatSize + 2 * config.Policy.Hidden.Sum(h => (double)h)
            + Policies.Networks.ActionMapping.OutputWidth(env.ActionSpace));
        double bytes = lanes * perLane;
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return bytes > 0.5 * available
            ? $"population × episodes: {lanes:N0} episodes in lockstep need about {bytes / 1e9:N1} GB, more than half the {available / 1e9:N1} GB this machine offers; lower population or episodes"
            : null;
    }

    /// <inheritdoc />
    public string Describe(RunConfig config)
    {
        var env = environments.Get(config.Env);
        bool supermask = Algorithms.AlgorithmRegistry.For(config).Family == Policies.PolicyFamily.Supermask;
        var architecture = new Policies.Networks.MlpArchitecture(env.ObservationSpace.FlatSize, config.Policy.Hidden,
            Policies.Networks.ActionMapping.OutputWidth(env.ActionSpace), !supermask && config.Policy.Bias, config.ParsedActivation);
        int parameters = supermask ? architecture.WeightCount : architecture.ParameterCount;
        return $"network {architecture.Describe()}, {parameters:N0} search parameters, physics: {env.Physics}";
    }

    /// <inheritdoc />
    public void Prepare(RunConfig config)
    {
    }

    /// <inheritdoc />
    public IEvaluationTask Create(RunConfig config) => new ControlTask(config, environments);
}
