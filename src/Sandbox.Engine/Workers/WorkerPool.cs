using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sandbox.Engine.Hosting;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Engine.Workers;

/// <summary>
/// Evaluates candidates in worker processes. Each generation the workers get the shared context
/// (episode seeds, minibatch step) and then small batches of candidate descriptors from a shared queue (so long and short episodes
/// balance); after it, all results so every replica updates its state as the engine did. A worker
/// that exits, hangs past the timeout or sends garbage is killed and replaced from the current state,
/// and its unfinished batch goes back in the queue: results are the same as without the fault. A batch
/// that fails the same way on <see cref="EngineOptions.MaxBatchFailures"/> fresh workers in a row (a
/// deterministic failure, such as a device the workers cannot use) stops the generation with
/// <see cref="EvaluationFailedException"/> carrying the worker's own error.
/// </summary>
public sealed class WorkerPool : ICandidateEvaluator
{
    private readonly EngineOptions _options;
    private readonly WorkerCommand _command;
    private readonly ILogger _log;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly Lock _statusGate = new();
    private WorkerProcess?[] _workers = [];
    private WorkerStatus[] _status = [];
    private int[] _generationSent = [];
    private string _configJson = "";
    private readonly int _metricCount;
    private Func<ReplicaState> _currentState = () => new ReplicaState([], []);
    private bool _faultUsed;
    private long _bytesSent;
    private long _bytesReceived;
    private long _stateBytes;
    private double _busySeconds;
    private int _restarts;
    private EvaluationFailedException? _fatal;
    private double _slowestBatchSeconds;

    /// <summary>Creates a pool; processes start in <see cref="Start"/>.</summary>
    public WorkerPool(EngineOptions options, WorkerCommand command, ILogger log, IEvaluationTask task)
    {
        _metricCount = task.Metrics.Names.Length;
        if (options.Workers < 1)
        {
            throw new ArgumentException("a worker pool needs at least one worker");
        }
        _options = options;
        _command = command;
        _log = log;
    }

    /// <summary>A snapshot of every slot.</summary>
    public IReadOnlyList<WorkerStatus> Statuses
    {
        get
        {
            lock (_statusGate)
            {
                return [.. _status];
            }
        }
    }

    /// <inheritdoc />
    public EvaluatorReport? LastReport { get; private set; }

    private TimeSpan Timeout => BatchTimeout.For(_options.WorkerTimeoutSeconds, Volatile.Read(ref _slowestBatchSeconds));

    /// <inheritdoc />
    public void Start(RunConfig config, Func<ReplicaState> currentState)
    {
        _configJson = RunConfigFile.ToJson(config, indented: false);
        _currentState = currentState;
        int n = _options.Workers;
        _workers = new WorkerProcess?[n];
        _status = new WorkerStatus[n];
        _generationSent = new int[n];
        Array.Fill(_generationSent, -1);
        var starts = new Task[n];
        for (int i = 0; i < n; i++)
        {
            int slot = i;
            SetStatus(slot, new WorkerStatus(slot, 0, WorkerState.Starting, 0, 0));
            starts[i] = Task.Run(() => EnsureWorkerAsync(slot, replacing: false, CancellationToken.None));
        }
        try
        {
            Task.WaitAll(starts);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<EvaluationFailedException>().FirstOrDefault() is { } failed)
        {
            EngineLog.EvaluationFailed(_log, failed.Message);
            throw failed;
        }
    }

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation) =>
        EvaluateAsync(task, cancellation).GetAwaiter().GetResult();

    /// <summary>Evaluates a generation on the workers.</summary>
    public async Task<CandidateResult[]> EvaluateAsync(GenerationTask task, CancellationToken cancellation)
    {
        int n = task.Candidates.Count;
        var results = new CandidateResult?[n];
        var queue = new ConcurrentQueue<int[]>();
        for (int first = 0; first < n;)
        {
            // Guided sizes: large batches first, single candidates last, so the generation's tail (one long
            // episode on one worker while the others wait) is as short as a single candidate.
            int batchSize = Math.Max(1, (int)Math.Ceiling((n - first) / (double)(_workers.Length * _options.BatchesPerWorker)));
            queue.Enqueue(Enumerable.Range(first, batchSize).ToArray());
            first += batchSize;
        }
        int batches = queue.Count;
        var generation = WireMapping.ToWire(task.Generation, task.Context);
        var loops = new Task[_workers.Length];
        var failures = new ConcurrentDictionary<int, (string Signature, int Count)>();
        var retries = new ConcurrentStack<int[]>();
        _fatal = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        for (int w = 0; w < _workers.Length; w++)
        {
            int slot = w;
            loops[w] = Task.Run(() => WorkLoopAsync(slot, task, generation, queue, retries, results, failures, stop), CancellationToken.None);
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
        if (_fatal is { } fatal)
        {
            EngineLog.EvaluationFailed(_log, fatal.Message);
            throw fatal;
        }
        cancellation.ThrowIfCancellationRequested();
        EngineLog.GenerationTraffic(_log, task.Generation, n, batches, _workers.Length, _bytesSent, _bytesReceived);
        UpdateReport();
        return Array.ConvertAll(results, r => r ?? throw new InvalidOperationException("a candidate was never evaluated"));
    }

    private async Task WorkLoopAsync(int slot, GenerationTask task, GenerationMessage generation, ConcurrentQueue<int[]> queue,
        ConcurrentStack<int[]> retries, CandidateResult?[] results, ConcurrentDictionary<int, (string Signature, int Count)> failures, CancellationTokenSource stop)
    {
        var cancellation = stop.Token;
        // Failed batches are retried first: a failure that repeats shows itself after a few restarts, not after every batch.
        while (!cancellation.IsCancellationRequested && (retries.TryPop(out var batch) || queue.TryDequeue(out batch)))
        {
            WorkerFailedException? failure;
            try
            {
                var worker = await EnsureWorkerAsync(slot, replacing: false, cancellation).ConfigureAwait(false);
                if (_generationSent[slot] != task.Generation)
                {
                    Interlocked.Add(ref _bytesSent, await worker.SendAsync(generation, cancellation).ConfigureAwait(false));
                    _generationSent[slot] = task.Generation;
                }
                SetState(slot, WorkerState.Busy);
                var request = new EvaluateMessage
                {
                    BatchId = batch[0],
                    Generation = task.Generation,
                    Candidates = Array.ConvertAll(batch, i => WireMapping.ToWire(task.Candidates[i])),
                };
                long sent = System.Diagnostics.Stopwatch.GetTimestamp();
                Interlocked.Add(ref _bytesSent, await worker.SendAsync(request, cancellation).ConfigureAwait(false));
                var (message, bytes) = await worker.ReceiveAsync(Timeout, cancellation).ConfigureAwait(false);
                Interlocked.Add(ref _bytesReceived, bytes);
                if (message is not ResultsMessage answer || answer.BatchId != request.BatchId || answer.Results.Length != batch.Length)
                {
                    throw new WorkerFailedException($"worker {slot} (pid {worker.ProcessId}) answered {Describe(message)} instead of batch {request.BatchId}")
                    {
                        Cause = (message as FailureMessage)?.Reason,
                    };
                }
                for (int i = 0; i < batch.Length; i++)
                {
                    if (answer.Results[i].Index != batch[i])
                    {
                        throw new WorkerFailedException($"worker {slot} returned candidate {answer.Results[i].Index} for {batch[i]}");
                    }
                    try
                    {
                        results[batch[i]] = WireMapping.FromWire(answer.Results[i], _metricCount);
                    }
                    catch (ProtocolException e)
                    {
                        throw new WorkerFailedException($"worker {slot} (pid {worker.ProcessId}) sent a bad result: {e.Message}", e);
                    }
                }
                lock (_statusGate)
                {
                    _busySeconds += answer.BusySeconds;
                    _slowestBatchSeconds = Math.Max(_slowestBatchSeconds, System.Diagnostics.Stopwatch.GetElapsedTime(sent).TotalSeconds);
                    var s = _status[slot];
                    _status[slot] = s with { State = WorkerState.Idle, Batches = s.Batches + 1 };
                }
                continue;
            }
            catch (WorkerFailedException e)
            {
                failure = e;
            }
            catch (EvaluationFailedException e)
            {
                Fail(e, stop);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // The same failure on fresh workers again and again is the batch's (or the setup's), not a fault:
            // stop with the worker's own words instead of restarting forever.
            string signature = Signature(failure);
            var (_, count) = failures.AddOrUpdate(batch[0], _ => (signature, 1),
                (_, old) => old.Signature == signature ? (signature, old.Count + 1) : (signature, 1));
            bool giveUp = count >= _options.MaxBatchFailures;
            if (giveUp)
            {
                Fail(new EvaluationFailedException(
                    $"{failure.Cause ?? failure.Message} (batch {batch[0]} of generation {task.Generation} failed the same way on {count} fresh workers; the run stopped)",
                    badInput: failure.ExitCode == BadInputExitCode, failure), stop);
            }
            else
            {
                retries.Push(batch); // someone (this slot's replacement, or another worker) evaluates it again
            }
            try
            {
                await ReplaceAsync(slot, failure.Message, cancellation, startNow: !giveUp).ConfigureAwait(false);
            }
            catch (EvaluationFailedException e)
            {
                Fail(e, stop);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The exit code of a worker that stopped on bad input (the program's own code for it).</summary>
    private const int BadInputExitCode = 2;

    private void Fail(EvaluationFailedException failure, CancellationTokenSource stop)
    {
        Interlocked.CompareExchange(ref _fatal, failure, null);
        stop.Cancel();
    }

    /// <summary>What a failure looks like without the pids and slot numbers that differ between workers.</summary>
    private static string Signature(WorkerFailedException e) =>
        System.Text.RegularExpressions.Regex.Replace(e.Cause ?? e.Message, "[0-9]+", "#");

    /// <inheritdoc />
    public void Commit(GenerationTask task, IReadOnlyList<CandidateResult> results)
    {
        var tell = new TellMessage
        {
            Generation = task.Generation,
            Results = results.Select(WireMapping.ToTell).ToArray(),
        };
        var generation = WireMapping.ToWire(task.Generation, task.Context);
        for (int slot = 0; slot < _workers.Length; slot++)
        {
            var worker = _workers[slot];
            if (worker is null)
            {
                continue; // started from the updated state when next needed
            }
            try
            {
                // A worker (re)started during this generation that got no batch still holds the state at its
                // start: it plans the generation, then takes the same update as everyone else.
                if (_generationSent[slot] != task.Generation)
                {
                    Interlocked.Add(ref _bytesSent, worker.SendAsync(generation, CancellationToken.None).GetAwaiter().GetResult());
                    _generationSent[slot] = task.Generation;
                }
                Interlocked.Add(ref _bytesSent, worker.SendAsync(tell, CancellationToken.None).GetAwaiter().GetResult());
            }
            catch (WorkerFailedException e)
            {
                ReplaceAsync(slot, e.Message, CancellationToken.None, startNow: false).GetAwaiter().GetResult();
            }
        }
        UpdateReport();
        // The next generation's figures start here, so state shipped to workers between generations
        // (the first hellos included) is counted in the generation that follows.
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _bytesReceived, 0);
        Interlocked.Exchange(ref _stateBytes, 0);
        _busySeconds = 0;
        _restarts = 0;
    }

    private void UpdateReport() => LastReport = new EvaluatorReport
    {
        BytesSent = Interlocked.Read(ref _bytesSent),
        BytesReceived = Interlocked.Read(ref _bytesReceived),
        StateBytes = Interlocked.Read(ref _stateBytes),
        BusySeconds = _busySeconds,
        Workers = _workers.Length,
        Parallelism = _workers.Length,
        Restarts = _restarts,
    };

    private async Task ReplaceAsync(int slot, string reason, CancellationToken cancellation, bool startNow = true)
    {
        var old = _workers[slot];
        _workers[slot] = null;
        _generationSent[slot] = -1;
        old?.Dispose();
        Interlocked.Increment(ref _restarts);
        int restarts;
        lock (_statusGate)
        {
            var s = _status[slot];
            restarts = s.Restarts + 1;
            _status[slot] = s with { State = WorkerState.Restarted, Restarts = restarts };
        }
        EngineLog.WorkerReplaced(_log, slot, restarts, reason);
        if (startNow && !cancellation.IsCancellationRequested)
        {
            await EnsureWorkerAsync(slot, replacing: true, cancellation).ConfigureAwait(false);
        }
    }

    private async Task<WorkerProcess> EnsureWorkerAsync(int slot, bool replacing, CancellationToken cancellation)
    {
        if (_workers[slot] is { } existing)
        {
            return existing;
        }
        for (int attempt = 1; ; attempt++)
        {
            string? fault = null;
            if (slot == 0 && _options.TestFault is not null && !_faultUsed)
            {
                fault = _options.TestFault;
                _faultUsed = true;
            }
            var worker = WorkerProcess.Start(_command, _token, slot, fault, _log);
            try
            {
                var state = _currentState();
                var hello = new HelloMessage
                {
                    ProtocolVersion = ProtocolInfo.Version,
                    RunToken = _token,
                    ConfigJson = _configJson,
                    AlgorithmState = state.Algorithm,
                    TaskState = state.Task,
                    WorkerIndex = slot,
                };
                int helloBytes = await worker.SendAsync(hello, cancellation).ConfigureAwait(false);
                Interlocked.Add(ref _bytesSent, helloBytes);
                Interlocked.Add(ref _stateBytes, helloBytes);
                var (message, _) = await worker.ReceiveAsync(TimeSpan.FromSeconds(_options.StartTimeoutSeconds), cancellation).ConfigureAwait(false);
                switch (message)
                {
                    case ReadyMessage ready when ready.ProtocolVersion == ProtocolInfo.Version && ready.RunToken == _token:
                        _workers[slot] = worker;
                        lock (_statusGate)
                        {
                            var s = _status[slot];
                            _status[slot] = s with { ProcessId = worker.ProcessId, State = replacing ? WorkerState.Restarted : WorkerState.Idle };
                        }
                        EngineLog.WorkerStarted(_log, slot, worker.ProcessId);
                        return worker;
                    case ReadyMessage ready:
                        throw new WorkerFailedException($"worker {slot} (pid {worker.ProcessId}) speaks protocol version {ready.ProtocolVersion}, the engine {ProtocolInfo.Version}; refused");
                    case RefusedMessage refused:
                        EngineLog.WorkerRefused(_log, slot, refused.Reason);
                        throw new WorkerFailedException($"worker {slot} refused: {refused.Reason}") { Cause = refused.Reason };
                    default:
                        throw new WorkerFailedException($"worker {slot} answered the hello with {Describe(message)}");
                }
            }
            catch (WorkerFailedException e) when (attempt < _options.MaxStartAttempts && !cancellation.IsCancellationRequested)
            {
                worker.Dispose();
                EngineLog.WorkerReplaced(_log, slot, attempt, e.Message);
            }
            catch (WorkerFailedException e) when (!cancellation.IsCancellationRequested)
            {
                worker.Dispose();
                throw new EvaluationFailedException(
                    $"{e.Cause ?? e.Message} (worker {slot} failed to start {attempt} times in a row; the run stopped)",
                    badInput: e.ExitCode == BadInputExitCode, e);
            }
            catch (WorkerFailedException)
            {
                worker.Dispose();
                throw new OperationCanceledException(cancellation);
            }
            catch
            {
                worker.Dispose();
                throw;
            }
        }
    }

    private void SetState(int slot, WorkerState state)
    {
        lock (_statusGate)
        {
            _status[slot] = _status[slot] with { State = state };
        }
    }

    private void SetStatus(int slot, WorkerStatus status)
    {
        lock (_statusGate)
        {
            _status[slot] = status;
        }
    }

    private static string Describe(EngineMessage message) => message switch
    {
        FailureMessage f => $"a failure ({f.Reason})",
        _ => message.GetType().Name,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        var stops = new List<Task>();
        for (int slot = 0; slot < _workers.Length; slot++)
        {
            if (_workers[slot] is { } worker)
            {
                // A worker still busy with a batch of a stopped generation (Ctrl+C, a failed run) is killed
                // at once: its result is not wanted, and waiting for it could take minutes.
                bool busy = Statuses[slot].State == WorkerState.Busy;
                stops.Add(Task.Run(() =>
                {
                    if (!busy)
                    {
                        worker.Stop(TimeSpan.FromSeconds(5));
                    }
                    worker.Dispose();
                }));
                _workers[slot] = null;
                SetState(slot, WorkerState.Stopped);
            }
        }
        Task.WaitAll([.. stops]);
    }
}
