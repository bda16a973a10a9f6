using System.Diagnostics;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Cluster.Grains;

/// <summary>
/// A run's algorithm and task rebuilt on a silo from the config and a state snapshot: plans each generation
/// itself, evaluates the batches it is sent (checking every descriptor against its own plan) and applies
/// every generation's update exactly as the run does.
/// </summary>
internal sealed class Replica : IDisposable
{
    private readonly IEvaluationTask _task;
    private readonly IEvolutionAlgorithm _algorithm;
    private readonly ITaskEvaluator _evaluator;
    private readonly ulong _seed;
    private GenerationTask? _plan;

    private Replica(string token, IEvaluationTask task, IEvolutionAlgorithm algorithm, ITaskEvaluator evaluator, ulong seed)
    {
        Token = token;
        _task = task;
        _algorithm = algorithm;
        _evaluator = evaluator;
        _seed = seed;
    }

    /// <summary>The run this replica belongs to.</summary>
    public string Token { get; }

    /// <summary>The generation the replica is at (planned or about to be).</summary>
    public int Generation => _algorithm.Generation;

    /// <summary>Builds a replica from a hello; a refusal reason instead when the hello cannot be served.</summary>
    public static (Replica? Replica, string? Refusal) Create(HelloMessage hello, TaskRegistry tasks)
    {
        if (hello.ProtocolVersion != ProtocolInfo.Version)
        {
            return (null, $"client speaks engine protocol version {hello.ProtocolVersion}, this silo {ProtocolInfo.Version}");
        }
        RunConfig config;
        try
        {
            config = RunConfigFile.Parse(hello.ConfigJson, "hello");
        }
        catch (ConfigException e)
        {
            return (null, e.Message);
        }
        if (config.Validate(tasks) is { Count: > 0 } errors)
        {
            return (null, errors[0]);
        }
        var task = tasks.Create(config);
        try
        {
            var algorithm = AlgorithmRegistry.Create(config, task.Space);
            algorithm.ImportState(hello.AlgorithmState);
            task.ImportState(hello.TaskState);
            ComputeDevice.TryParse(config.Device, out var device);
            return (new Replica(hello.RunToken, task, algorithm, task.CreateEvaluator(1, device), config.Seed), null);
        }
        catch (InvalidDataException e)
        {
            task.Dispose();
            return (null, e.Message);
        }
    }

    /// <summary>Whether a message for <paramref name="generation"/> can be served without a new state.</summary>
    public bool IsAt(string token, int generation) => token == Token && generation == _algorithm.Generation;

    /// <summary>Evaluates a batch (planning the generation first if needed).</summary>
    /// <exception cref="ProtocolException">A descriptor that is not this replica's plan, or a malformed message.</exception>
    public ResultsMessage Evaluate(GenerationMessage generation, EvaluateMessage batch)
    {
        var plan = PlanFor(generation);
        if (batch.Generation != plan.Generation || batch.Candidates is null)
        {
            throw new ProtocolException($"batch for generation {batch.Generation} sent with generation {plan.Generation}");
        }
        var candidates = new CandidateDescriptor[batch.Candidates.Length];
        for (int i = 0; i < candidates.Length; i++)
        {
            var d = WireMapping.FromWire(batch.Candidates[i], _seed);
            if ((uint)d.Index >= (uint)plan.Candidates.Count || !plan.Candidates[d.Index].Equals(d) || d.Check(_task.Space.Count, plan.Bases.Count) is not null)
            {
                throw new ProtocolException($"candidate {d.Index} differs from this replica's plan (desynchronised state)");
            }
            candidates[i] = d;
        }
        var started = Stopwatch.GetTimestamp();
        var results = _evaluator.Evaluate(plan with { Candidates = candidates });
        return new ResultsMessage
        {
            BatchId = batch.BatchId,
            Results = Array.ConvertAll(results, WireMapping.ToWire),
            BusySeconds = _evaluator.TakeBusySeconds(),
            TotalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
    }

    /// <summary>Applies the generation's update (planning it first if this replica got no batch of it).</summary>
    /// <exception cref="ProtocolException">An update that does not match the plan.</exception>
    public void Tell(GenerationMessage generation, TellMessage tell)
    {
        var plan = PlanFor(generation);
        if (tell.Generation != plan.Generation || tell.Results is null || tell.Results.Length != plan.Candidates.Count)
        {
            throw new ProtocolException($"update for generation {tell.Generation} does not match this replica's plan");
        }
        var told = Array.ConvertAll(tell.Results, WireMapping.FromTell);
        _algorithm.Tell(plan, Array.ConvertAll(told, r => r.Fitness));
        try
        {
            _task.Commit(told);
        }
        catch (InvalidDataException e)
        {
            throw new ProtocolException($"update for generation {tell.Generation}: {e.Message}");
        }
        _plan = null;
    }

    private GenerationTask PlanFor(GenerationMessage generation)
    {
        if (generation.Generation != _algorithm.Generation)
        {
            throw new ProtocolException($"the run is at generation {generation.Generation}, this replica at {_algorithm.Generation}");
        }
        return _plan ??= _algorithm.Plan(WireMapping.FromWire(generation));
    }

    public void Dispose()
    {
        _evaluator.Dispose();
        _task.Dispose();
    }
}
