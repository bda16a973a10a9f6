using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;
using Sandbox.Evolution.Runs;

namespace Sandbox.Engine.Hosting;

/// <summary>
/// The run as a hosted background service: evaluates through the worker pool (or in process), stops
/// at a generation boundary when the host is asked to stop (Ctrl+C, SIGTERM), writes its checkpoint,
/// then stops the application.
/// </summary>
public sealed class EvolutionService(
    EvolutionRequest request,
    IOptions<EngineOptions> engine,
    TaskRegistry tasks,
    RunObserver observer,
    WorkerCommand workerCommand,
    EvaluatorChoice evaluators,
    IHostApplicationLifetime lifetime,
    ILogger<EvolutionService> logger) : BackgroundService
{
    /// <summary>How the run ended (set when the service completes successfully).</summary>
    public RunResult? Result { get; private set; }

    /// <summary>The failure that ended the run, if any.</summary>
    public Exception? Failure { get; private set; }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Execute(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Whether the run stopped because its time limit ran out (rather than Ctrl+C or SIGTERM).</summary>
    public bool TimeLimitReached { get; private set; }

    private void Execute(CancellationToken hostStopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
        if (engine.Value.TimeLimitSeconds > 0)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(engine.Value.TimeLimitSeconds));
        }
        var stoppingToken = limit.Token;
        using var stopping = stoppingToken.Register(() =>
        {
            TimeLimitReached = !hostStopping.IsCancellationRequested;
            EngineLog.Stopping(logger);
        });
        try
        {
            using var run = request.Resume
                ? EvolutionRun.Resume(request.RunDirectory, tasks,
                    c => request.Threads is { } t ? c with { Evaluation = c.Evaluation with { Threads = t } } : c, CreateEvaluator)
                : new EvolutionRun(request.Config!, tasks, request.RunDirectory, CreateEvaluator);
            EngineLog.RunStarting(logger, request.RunDirectory, run.Config.Algorithm, run.Task.Id, engine.Value.Workers);
            Result = run.Run(observer.Progress, stoppingToken);
            if (TimeLimitReached)
            {
                Result = Result with { Interrupted = false, TimeLimitReached = true };
            }
            EngineLog.RunFinished(logger, Result.Generations, Result.Solved, Result.Validation);
        }
        catch (Exception e)
        {
            Failure = e;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private ICandidateEvaluator CreateEvaluator(IEvaluationTask task, RunConfig config)
    {
        var options = engine.Value;
        if (evaluators.Factory is { } factory)
        {
            return factory(task, config, logger);
        }
        if (options.Workers == 0)
        {
            int threads = config.Evaluation.Threads;
            ComputeDevice.TryParse(config.Device, out var device);
            return new InProcessEvaluator(task, threads > 0 ? threads : Environment.ProcessorCount, device);
        }
        var pool = new WorkerPool(options, workerCommand, logger, task);
        observer.Attach(pool);
        return pool;
    }
}
