using System.Diagnostics;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Engine.Workers;

/// <summary>
/// The worker side: reads frames from the engine, keeps a replica of the algorithm state, evaluates
/// the batches it is sent and applies every generation's update exactly as the engine does. It knows tasks
/// only through the <see cref="TaskRegistry"/> it is given.
/// </summary>
public sealed class WorkerHost(Stream input, Stream output, TaskRegistry tasks, string expectedToken, TextWriter log)
{
    /// <summary>Exit code after a refused hello.</summary>
    public const int RefusedExitCode = 3;

    /// <summary>Exit code after a protocol failure.</summary>
    public const int FailedExitCode = 4;

    private readonly WorkerFault? _fault = WorkerFault.Parse(Environment.GetEnvironmentVariable(WorkerFault.EnvironmentVariable));

    /// <summary>Serves until shutdown or end of input; returns the process exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation = default)
    {
        try
        {
            return await ServeAsync(cancellation).ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            log.WriteLine($"worker {Environment.ProcessId}: {e.Message}");
            await TrySendAsync(new FailureMessage { Reason = e.Message }).ConfigureAwait(false);
            return FailedExitCode;
        }
    }

    private async Task<int> ServeAsync(CancellationToken cancellation)
    {
        var first = await FrameCodec.ReadAsync(input, cancellation).ConfigureAwait(false);
        if (first is not { Message: HelloMessage hello })
        {
            throw new ProtocolException("expected a hello as the first message");
        }
        if (hello.ProtocolVersion != ProtocolInfo.Version)
        {
            return await RefuseAsync($"engine speaks protocol version {hello.ProtocolVersion}, this worker speaks {ProtocolInfo.Version}").ConfigureAwait(false);
        }
        if (hello.RunToken != expectedToken)
        {
            return await RefuseAsync("run token does not match the one this worker was started with").ConfigureAwait(false);
        }
        RunConfig config;
        try
        {
            config = RunConfigFile.Parse(hello.ConfigJson, "hello");
        }
        catch (ConfigException e)
        {
            return await RefuseAsync(e.Message).ConfigureAwait(false);
        }
        if (config.Validate(tasks) is { Count: > 0 } errors)
        {
            return await RefuseAsync(errors[0]).ConfigureAwait(false);
        }

        using var task = tasks.Create(config);
        var algorithm = AlgorithmRegistry.Create(config, task.Space);
        try
        {
            algorithm.ImportState(hello.AlgorithmState);
            task.ImportState(hello.TaskState);
        }
        catch (InvalidDataException e)
        {
            return await RefuseAsync(e.Message).ConfigureAwait(false);
        }
        ComputeDevice.TryParse(config.Device, out var device);
        using var evaluator = task.CreateEvaluator(1, device);
        await FrameCodec.WriteAsync(output, new ReadyMessage
        {
            ProtocolVersion = _fault?.Kind == "version" ? ProtocolInfo.Version + 1 : ProtocolInfo.Version,
            RunToken = hello.RunToken,
            ProcessId = Environment.ProcessId,
        }, cancellation).ConfigureAwait(false);

        GenerationTask? plan = null;
        int batches = 0;
        while (true)
        {
            var next = await FrameCodec.ReadAsync(input, cancellation).ConfigureAwait(false);
            switch (next?.Message)
            {
                case null:
                case ShutdownMessage:
                    return 0;
                case GenerationMessage g:
                    if (g.Generation != algorithm.Generation)
                    {
                        throw new ProtocolException($"engine is at generation {g.Generation}, this replica at {algorithm.Generation}");
                    }
                    plan = algorithm.Plan(WireMapping.FromWire(g));
                    break;
                case EvaluateMessage e:
                    if (plan is null || e.Generation != plan.Generation)
                    {
                        throw new ProtocolException($"batch for generation {e.Generation} without its generation message");
                    }
                    batches++;
                    await InjectFaultAsync(batches).ConfigureAwait(false);
                    await FrameCodec.WriteAsync(output, Evaluate(evaluator, plan, e, config.Seed, task.Space.Count), cancellation).ConfigureAwait(false);
                    break;
                case TellMessage t:
                    if (plan is null || t.Generation != plan.Generation || t.Results.Length != plan.Candidates.Count)
                    {
                        throw new ProtocolException($"update for generation {t.Generation} does not match this replica's plan");
                    }
                    var told = Array.ConvertAll(t.Results, WireMapping.FromTell);
                    algorithm.Tell(plan, Array.ConvertAll(told, r => r.Fitness));
                    try
                    {
                        task.Commit(told);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new ProtocolException($"update for generation {t.Generation}: {ex.Message}");
                    }
                    plan = null;
                    break;
                default:
                    throw new ProtocolException($"unexpected {next.Value.Message.GetType().Name} from the engine");
            }
        }
    }

    private static ResultsMessage Evaluate(ITaskEvaluator evaluator, GenerationTask plan, EvaluateMessage batch, ulong runSeed, int parameters)
    {
        var candidates = new CandidateDescriptor[batch.Candidates.Length];
        for (int i = 0; i < candidates.Length; i++)
        {
            var d = WireMapping.FromWire(batch.Candidates[i], runSeed);
            if ((uint)d.Index >= (uint)plan.Candidates.Count || !plan.Candidates[d.Index].Equals(d) || d.Check(parameters, plan.Bases.Count) is not null)
            {
                throw new ProtocolException($"candidate {d.Index} differs from this replica's plan (desynchronised state)");
            }
            candidates[i] = d;
        }
        var started = Stopwatch.GetTimestamp();
        var results = evaluator.Evaluate(plan with { Candidates = candidates });
        return new ResultsMessage
        {
            BatchId = batch.BatchId,
            Results = Array.ConvertAll(results, WireMapping.ToWire),
            BusySeconds = evaluator.TakeBusySeconds(),
            TotalSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
    }

    private async Task InjectFaultAsync(int batch)
    {
        if (_fault is null || _fault.Batch != batch)
        {
            return;
        }
        switch (_fault.Kind)
        {
            case "kill":
                log.WriteLine($"worker {Environment.ProcessId}: injected fault: SIGKILL on batch {batch}");
                Process.GetCurrentProcess().Kill();
                break;
            case "hang":
                log.WriteLine($"worker {Environment.ProcessId}: injected fault: hanging on batch {batch}");
                await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
                break;
            case "garbage":
                log.WriteLine($"worker {Environment.ProcessId}: injected fault: garbage frame on batch {batch}");
                await output.WriteAsync("\u00ff\u00ff\u00ff\u007fnot a frame"u8.ToArray()).ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
                await Task.Delay(Timeout.Infinite).ConfigureAwait(false);
                break;
        }
    }

    private async Task<int> RefuseAsync(string reason)
    {
        log.WriteLine($"worker {Environment.ProcessId}: refusing: {reason}");
        await TrySendAsync(new RefusedMessage { Reason = reason, ProtocolVersion = ProtocolInfo.Version }).ConfigureAwait(false);
        return RefusedExitCode;
    }

    private async Task TrySendAsync(EngineMessage message)
    {
        try
        {
            await FrameCodec.WriteAsync(output, message).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The engine is gone; nothing to tell.
        }
    }
}
