using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sandbox.Cluster.Grains;
using Sandbox.Cluster.Hosting;
using Sandbox.Cluster.Placement;
using Sandbox.Cluster.Protocol;
using Sandbox.Engine.Protocol;
using Sandbox.Engine.Workers;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cluster.Evaluation;

/// <summary>
/// Evaluates candidates on a cluster's evaluation grains. Each generation's candidates go into a queue of guided
/// batches (large first, single candidates last, as the local pool) that every worker of every silo draws from. A
/// worker's replica is built from the run's state when it first needs it (a silo that joins mid-run gets work from
/// the next batch); a silo that fails, hangs past the timeout or answers garbage leaves the generation and its
/// batches go back in the queue. Results are per candidate, so the run is the same for any cluster shape and fault.
/// </summary>
public sealed class ClusterEvaluator : ICandidateEvaluator
{
    private readonly ClusterConnection _connection;
    private readonly ClusterEvaluatorOptions _options;
    private readonly ILogger _log;
    private readonly int _metricCount;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClusterWorker> _active = [];
    private readonly Dictionary<string, ClusterWorker> _known = [];
    private readonly ConcurrentDictionary<string, bool> _prepared = new();
    private readonly ConcurrentDictionary<string, bool> _probing = new();
    private string _configJson = "";
    private Func<ReplicaState> _currentState = () => new ReplicaState([], []);
    private ReplicaState? _state;
    private long _bytesSent;
    private long _bytesReceived;
    private long _stateBytes;
    private double _busySeconds;
    private int _lost;
    private DateTime _lastRefresh;

    /// <summary>Creates the evaluator over a checked connection.</summary>
    public ClusterEvaluator(ClusterConnection connection, ClusterEvaluatorOptions options, ILogger log, IEvaluationTask task)
    {
        _connection = connection;
        _options = options;
        _log = log;
        _metricCount = task.Metrics.Names.Length;
    }

    /// <inheritdoc />
    public EvaluatorReport? LastReport { get; private set; }

    /// <summary>A snapshot of every worker the run has used, with its silo (workers of silos that left are shown stopped).</summary>
    public IReadOnlyList<WorkerStatus> Statuses
    {
        get
        {
            lock (_gate)
            {
                return [.. _known.Values.OrderBy(w => w.Index).Select(w => new WorkerStatus(w.Index, w.ProcessId,
                    !_active.ContainsKey(w.Key) ? WorkerState.Stopped : w.Busy ? WorkerState.Busy : WorkerState.Idle, w.Batches, 0, w.SiloName))];
            }
        }
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.BatchTimeoutSeconds);

    /// <inheritdoc />
    public void Start(RunConfig config, Func<ReplicaState> currentState)
    {
        _configJson = RunConfigFile.ToJson(config, indented: false);
        _currentState = currentState;
        foreach (var (key, description) in _connection.Silos)
        {
            AddSilo(key, description);
        }
    }

    /// <inheritdoc />
    public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation) =>
        EvaluateAsync(task, cancellation).GetAwaiter().GetResult();

    private async Task<CandidateResult[]> EvaluateAsync(GenerationTask task, CancellationToken cancellation)
    {
        int n = task.Candidates.Count;
        var results = new CandidateResult?[n];
        var queue = Channel.CreateUnbounded<Batch>();
        int workers = Math.Max(1, ActiveCount);
        int batches = 0;
        for (int first = 0; first < n; batches++)
        {
            int size = Math.Max(1, (int)Math.Ceiling((n - first) / (double)(workers * _options.BatchesPerWorker)));
            queue.Writer.TryWrite(new Batch(first, Enumerable.Range(first, size).ToArray()));
            first += size;
        }
        int remaining = batches;
        var generation = ClusterProtocol.Encode(WireMapping.ToWire(task.Generation, task.Context));
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var loops = new ConcurrentDictionary<string, Task>();
        void StartLoops()
        {
            foreach (var worker in ActiveWorkers())
            {
                if (!loops.ContainsKey(worker.Key))
                {
                    loops[worker.Key] = Task.Run(() => WorkLoopAsync(worker, task, generation, queue, results, () =>
                    {
                        if (Interlocked.Decrement(ref remaining) == 0)
                        {
                            done.Cancel();
                        }
                    }, done.Token), CancellationToken.None);
                }
            }
        }

        // Short generations never reach the poll below: look for silos that joined at most once per poll period.
        if (DateTime.UtcNow - _lastRefresh >= TimeSpan.FromSeconds(_options.MembershipPollSeconds))
        {
            _ = RefreshMembershipAsync();
        }
        StartLoops();
        DateTime? waitingSince = null;
        while (Volatile.Read(ref remaining) > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.MembershipPollSeconds), done.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await RefreshMembershipAsync().ConfigureAwait(false);
            foreach (var (key, loop) in loops)
            {
                if (loop.IsCompleted)
                {
                    loops.TryRemove(key, out _); // its silo left; a loop starts again if it comes back
                }
            }
            StartLoops();
            if (ActiveCount > 0)
            {
                waitingSince = null;
            }
            else if (waitingSince is null)
            {
                waitingSince = DateTime.UtcNow;
                ClusterLog.Waiting(_log, _options.WaitSeconds);
            }
            else if ((DateTime.UtcNow - waitingSince.Value).TotalSeconds > _options.WaitSeconds)
            {
                done.Cancel();
                await Task.WhenAll(loops.Values).ConfigureAwait(false);
                throw new ClusterUnavailableException($"no silo of cluster '{_connection.Settings.ClusterId}' could evaluate for {_options.WaitSeconds:0} s; stopping with the checkpoint of the last finished generation (evolve) or epoch (train)");
            }
        }
        done.Cancel();
        await Task.WhenAll(loops.Values).ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        ClusterLog.GenerationTraffic(_log, task.Generation, n, batches, ActiveCount, Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived), Interlocked.Read(ref _stateBytes));
        UpdateReport();
        return Array.ConvertAll(results, r => r ?? throw new InvalidOperationException("a candidate was never evaluated"));
    }

    private async Task WorkLoopAsync(ClusterWorker worker, GenerationTask task, byte[] generation, Channel<Batch> queue,
        CandidateResult?[] results, Action finished, CancellationToken done)
    {
        while (IsActive(worker))
        {
            Batch batch;
            try
            {
                batch = await queue.Reader.ReadAsync(done).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (!IsActive(worker))
            {
                queue.Writer.TryWrite(batch);
                return;
            }
            try
            {
                worker.Busy = true;
                var answer = await EvaluateBatchAsync(worker, task, generation, batch, done).ConfigureAwait(false);
                var evaluated = new CandidateResult[batch.Indices.Length];
                for (int i = 0; i < evaluated.Length; i++)
                {
                    if (answer.Results[i].Index != batch.Indices[i])
                    {
                        throw new WorkerFailedException($"worker {worker.Key} returned candidate {answer.Results[i].Index} for {batch.Indices[i]}");
                    }
                    try
                    {
                        evaluated[i] = WireMapping.FromWire(answer.Results[i], _metricCount);
                    }
                    catch (ProtocolException e)
                    {
                        throw new WorkerFailedException($"worker {worker.Key} sent a bad result: {e.Message}", e);
                    }
                }
                if (Interlocked.Exchange(ref batch.Finished, 1) == 0)
                {
                    for (int i = 0; i < evaluated.Length; i++)
                    {
                        results[batch.Indices[i]] = evaluated[i];
                    }
                    lock (_gate)
                    {
                        _busySeconds += answer.BusySeconds;
                        worker.Batches++;
                    }
                    finished();
                }
            }
            catch (WorkerFailedException e)
            {
                queue.Writer.TryWrite(batch); // another worker (or this silo, if it comes back) evaluates it again
                DropSilo(worker.SiloKey, e.Message);
                return;
            }
            catch (OperationCanceledException)
            {
                if (Volatile.Read(ref batch.Finished) == 0)
                {
                    queue.Writer.TryWrite(batch);
                }
                return;
            }
            finally
            {
                worker.Busy = false;
            }
        }
    }

    private async Task<ResultsMessage> EvaluateBatchAsync(ClusterWorker worker, GenerationTask task, byte[] generation, Batch batch, CancellationToken done)
    {
        var grain = _connection.Client.GetGrain<IEvaluationGrain>(worker.Key);
        var request = ClusterProtocol.Encode(new EvaluateMessage
        {
            BatchId = batch.Id,
            Generation = task.Generation,
            Candidates = Array.ConvertAll(batch.Indices, i => WireMapping.ToWire(task.Candidates[i])),
        });
        for (int attempt = 0; attempt < 2; attempt++)
        {
            Interlocked.Add(ref _bytesSent, request.Length + generation.Length);
            var reply = await CallAsync(worker, grain.Evaluate(_token, generation, request), done).ConfigureAwait(false);
            Interlocked.Add(ref _bytesReceived, reply.Length);
            if (reply.Length == 0)
            {
                await PrepareAsync(worker, grain, done).ConfigureAwait(false);
                continue;
            }
            switch (Decode(worker, reply))
            {
                case ResultsMessage results when results.BatchId == batch.Id && results.Results?.Length == batch.Indices.Length:
                    return results;
                case FailureMessage failure:
                    throw new WorkerFailedException($"worker {worker.Key} failed: {failure.Reason}");
                case var other:
                    throw new WorkerFailedException($"worker {worker.Key} answered {other.GetType().Name} instead of batch {batch.Id}");
            }
        }
        throw new WorkerFailedException($"worker {worker.Key} asked for the run's state twice for one batch");
    }

    private async Task PrepareAsync(ClusterWorker worker, IEvaluationGrain grain, CancellationToken done)
    {
        _prepared.TryRemove(worker.Key, out _);
        ReplicaState state;
        lock (_gate)
        {
            state = _state ??= _currentState(); // once per generation: the run's own thread waits in Evaluate meanwhile
        }
        var hello = ClusterProtocol.Encode(new HelloMessage
        {
            ProtocolVersion = ProtocolInfo.Version,
            RunToken = _token,
            ConfigJson = _configJson,
            AlgorithmState = state.Algorithm,
            TaskState = state.Task,
            WorkerIndex = worker.Index,
        });
        Interlocked.Add(ref _bytesSent, hello.Length);
        Interlocked.Add(ref _stateBytes, hello.Length);
        var reply = await CallAsync(worker, grain.Prepare(hello), done).ConfigureAwait(false);
        Interlocked.Add(ref _bytesReceived, reply.Length);
        switch (Decode(worker, reply))
        {
            case ReadyMessage ready when ready.ProtocolVersion == ProtocolInfo.Version && ready.RunToken == _token:
                _prepared[worker.Key] = true;
                break;
            case RefusedMessage refused:
                ClusterLog.WorkerRefused(_log, worker.Key, refused.Reason);
                throw new WorkerFailedException($"worker {worker.Key} refused the run: {refused.Reason}");
            case var other:
                throw new WorkerFailedException($"worker {worker.Key} answered the hello with {other.GetType().Name}");
        }
    }

    private async Task<T> CallAsync<T>(ClusterWorker worker, Task<T> call, CancellationToken done)
    {
        try
        {
            return await call.WaitAsync(Timeout, done).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new WorkerFailedException($"worker {worker.Key} on silo {worker.SiloName} did not answer within {_options.BatchTimeoutSeconds:0.#} s");
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OrleansException or OperationCanceledException or IOException or InvalidOperationException or TimeoutException)
        {
            throw new WorkerFailedException($"worker {worker.Key} on silo {worker.SiloName} failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}", e);
        }
    }

    private static EngineMessage Decode(ClusterWorker worker, byte[] reply)
    {
        try
        {
            return ClusterProtocol.Decode(reply);
        }
        catch (ProtocolException e)
        {
            throw new WorkerFailedException($"worker {worker.Key} sent an invalid payload: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Commit(GenerationTask task, IReadOnlyList<CandidateResult> results)
    {
        var tell = ClusterProtocol.Encode(new TellMessage { Generation = task.Generation, Results = results.Select(WireMapping.ToTell).ToArray() });
        var generation = ClusterProtocol.Encode(WireMapping.ToWire(task.Generation, task.Context));
        var calls = new List<Task>();
        foreach (var key in _prepared.Keys)
        {
            calls.Add(TellAsync(key, generation, tell));
        }
        Task.WaitAll([.. calls]);
        UpdateReport();
        // The next generation's figures start here: state shipped to workers that (re)join is counted where it happens.
        Interlocked.Exchange(ref _bytesSent, 0);
        Interlocked.Exchange(ref _bytesReceived, 0);
        Interlocked.Exchange(ref _stateBytes, 0);
        lock (_gate)
        {
            _busySeconds = 0;
            _lost = 0;
            _state = null;
        }
    }

    private async Task TellAsync(string key, byte[] generation, byte[] tell)
    {
        Interlocked.Add(ref _bytesSent, generation.Length + tell.Length);
        try
        {
            bool applied = await _connection.Client.GetGrain<IEvaluationGrain>(key).Tell(_token, generation, tell).WaitAsync(Timeout).ConfigureAwait(false);
            if (!applied)
            {
                _prepared.TryRemove(key, out _); // it asks for the state when next given a batch
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            _prepared.TryRemove(key, out _);
            DropSilo(GrainKeys.SiloOf(key), $"the update failed ({e.GetType().Name})");
        }
    }

    private async Task RefreshMembershipAsync()
    {
        _lastRefresh = DateTime.UtcNow;
        Dictionary<SiloAddress, SiloStatus> hosts;
        try
        {
            hosts = await _connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            return; // the membership is unreachable for now; look again at the next poll
        }
        foreach (var silo in hosts.Keys)
        {
            string key = GrainKeys.Silo(silo);
            bool active;
            lock (_gate)
            {
                active = _active.Values.Any(w => w.SiloKey == key);
            }
            if (!active && _probing.TryAdd(key, true))
            {
                _ = ProbeAsync(key);
            }
        }
    }

    private async Task ProbeAsync(string siloKey)
    {
        try
        {
            if (await _connection.DescribeAsync(siloKey, TimeSpan.FromSeconds(5)).ConfigureAwait(false) is { } description)
            {
                AddSilo(siloKey, description);
            }
        }
        catch (ClusterException e)
        {
            ClusterLog.SiloLost(_log, siloKey, e.Message);
        }
        finally
        {
            _probing.TryRemove(siloKey, out _);
        }
    }

    private void AddSilo(string siloKey, SiloDescription description)
    {
        lock (_gate)
        {
            for (int slot = 0; slot < description.Workers; slot++)
            {
                string key = siloKey + "/" + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!_known.TryGetValue(key, out var worker))
                {
                    worker = new ClusterWorker(key, siloKey, description.Name, description.ProcessId, _known.Count);
                    _known[key] = worker;
                }
                _active[key] = worker;
            }
        }
        ClusterLog.SiloJoined(_log, description.Name, description.Workers, siloKey);
    }

    private void DropSilo(string siloKey, string reason)
    {
        string? name = null;
        lock (_gate)
        {
            foreach (var worker in _active.Values.Where(w => w.SiloKey == siloKey).ToArray())
            {
                name = worker.SiloName;
                _active.Remove(worker.Key);
                _prepared.TryRemove(worker.Key, out _);
            }
            if (name is not null)
            {
                _lost++;
            }
        }
        if (name is not null)
        {
            ClusterLog.SiloLost(_log, name, reason);
        }
    }

    private int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _active.Count;
            }
        }
    }

    private ClusterWorker[] ActiveWorkers()
    {
        lock (_gate)
        {
            return [.. _active.Values];
        }
    }

    private bool IsActive(ClusterWorker worker)
    {
        lock (_gate)
        {
            return _active.ContainsKey(worker.Key);
        }
    }

    private void UpdateReport()
    {
        lock (_gate)
        {
            LastReport = new EvaluatorReport
            {
                BytesSent = Interlocked.Read(ref _bytesSent),
                BytesReceived = Interlocked.Read(ref _bytesReceived),
                StateBytes = Interlocked.Read(ref _stateBytes),
                BusySeconds = _busySeconds,
                Workers = _active.Count,
                Parallelism = _active.Count,
                Restarts = _lost,
            };
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The grains keep their replica until another run's hello replaces it or they are collected; the
        // connection belongs to whoever opened it.
    }

    private sealed class Batch(long id, int[] indices)
    {
        public long Id { get; } = id;
        public int[] Indices { get; } = indices;
        public int Finished;
    }
}
