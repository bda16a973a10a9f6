using System.Buffers.Binary;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;

namespace Sandbox.Supervised.Tracks.HybridEs;

/// <summary>
/// Hybrid-ES with the K trials of every stochastic iteration scored through the engine (<c>--workers N</c>): each
/// stochastic iteration is one <see cref="ShardedStep"/> generation of a <see cref="HybridEsTask"/>, its trials
/// evaluated by an <see cref="ICandidateEvaluator"/> (worker processes with the engine's protocol and fault handling,
/// or in process), then committed here and in every replica. Full steps run here and are replayed by each replica
/// on its own copy, so only the iteration, the trial numbers and their costs cross the wire. Records per epoch the
/// measured bytes beside the paper's resource model.
/// </summary>
public sealed class HybridEsWorkerTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly HybridEsTask _task;
    private readonly ShardedStep _algorithm;
    private readonly RunConfig _runConfig;
    private readonly ICandidateEvaluator _evaluator;
    private bool _started;
    private bool _resumed;

    /// <summary>A trainer at iteration 0; <paramref name="evaluators"/> makes the evaluator of the trials (started at the first epoch).</summary>
    public HybridEsWorkerTrainer(TrackConfig config, TrackData data, Func<IEvaluationTask, ICandidateEvaluator> evaluators, string? dataDirectory)
    {
        if (HybridEsTrack.WorkerProblems(config).FirstOrDefault() is { } problem)
        {
            throw new TrackConfigException(problem);
        }
        _config = config;
        _task = new HybridEsTask(config, data);
        _runConfig = HybridEsTaskFactory.RunConfigFor(config, dataDirectory);
        _algorithm = new ShardedStep(_runConfig);
        _evaluator = evaluators(_task);
        Describe = $"{_task.Network.Describe}; {HybridEsTrainer.Method(config)}, trials through the engine";
    }

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _task.Network.ParameterCount;

    /// <inheritdoc />
    public int BatchesPerEpoch => _task.BatchesPerEpoch;

    /// <summary>The iteration and trial of the last candidate applied.</summary>
    public (long Iteration, int Member)? LastChoice => _task.LastChoice;

    /// <summary>The current parameters (flat, model-file layout).</summary>
    public float[] Parameters() => TensorCopy.ToArray(_task.Theta);

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        int batches = _task.BatchesPerEpoch;
        long first = (long)epoch * batches;
        if (_resumed)
        {
            // A checkpoint is taken at an epoch boundary and holds θ and g (as the in-process trainer's does).
            _task.Resume(first);
            var generation = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(generation, _task.StochasticBefore(first));
            _algorithm.ImportState(generation);
            _resumed = false;
        }
        if (_task.Iteration != first)
        {
            throw new InvalidOperationException($"epoch {epoch} starts at iteration {first}, the task is at {_task.Iteration}");
        }
        if (!_started)
        {
            // Replicas start from the state at hand (after a resume's import), and restart from the current one.
            _evaluator.Start(_runConfig, () => new ReplicaState(_algorithm.ExportState(), _task.ExportState()));
            _started = true;
        }
        double lossSum = 0;
        long correct = 0, samples = 0;
        int full = 0, stochastic = 0;
        double fullSeconds = 0, stochasticSeconds = 0;
        var traffic = new EngineTraffic();
        int b = 0;
        try
        {
            for (; b < batches && !cancel.IsCancellationRequested; b++)
            {
                long iteration = first + b;
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                if (_task.IsFull(iteration))
                {
                    var (loss, right) = _task.FullStep();
                    lossSum += loss;
                    correct += right;
                    full++;
                    fullSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
                else
                {
                    if (_task.IterationOf(_algorithm.Generation) != iteration)
                    {
                        throw new InvalidOperationException($"generation {_algorithm.Generation} is not iteration {iteration}");
                    }
                    var plan = _algorithm.Plan(_task.TrainingContext(_algorithm.Generation));
                    var results = _evaluator.Evaluate(plan, cancel);
                    _algorithm.Tell(plan, Array.ConvertAll(results, r => r.Fitness));
                    _task.Commit(results);
                    _evaluator.Commit(plan, results);
                    traffic.Add(_evaluator.LastReport);
                    // The chosen trial was scored on this minibatch already: its metrics are the iteration's.
                    var chosen = results[_task.LastChoice!.Value.Member];
                    lossSum += chosen.Metrics[0];
                    correct += (long)chosen.Metrics[1];
                    stochastic++;
                    stochasticSeconds += System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
                samples += _config.BatchSize;
                batchDone?.Invoke(b + 1);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The iteration in flight was not committed: the state is at the end of the last whole iteration.
        }
        var extra = HybridEsTrainer.StepCounters(full, stochastic, fullSeconds, stochasticSeconds, TrainableCount);
        int iterations = full + stochastic;
        // Measured: every engine frame of the epoch's stochastic iterations both ways (0 in process; full steps send
        // nothing), and apart from it the states shipped to starting or replaced workers.
        extra["bytes_sent"] = traffic.Sent;
        extra["bytes_received"] = traffic.Received;
        extra["bytes_sent_per_iteration"] = iterations == 0 ? 0 : (double)traffic.Sent / iterations;
        extra["bytes_received_per_iteration"] = iterations == 0 ? 0 : (double)traffic.Received / iterations;
        extra["state_bytes"] = traffic.State;
        extra["worker_restarts"] = traffic.Restarts;
        return new EpochStats(b == batches, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, _config.LearningRate, extra);
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var threads = Threads.Use(_config.Threads);
        return ClassifierEvaluation.Score(set, x => _task.Network.Logits(_task.Theta, x));
    }

    /// <inheritdoc />
    public TrainerState ExportState() => new()
    {
        Arrays = { ["theta"] = Parameters(), ["gradient"] = TensorCopy.ToArray(_task.Gradient) },
    };

    /// <inheritdoc />
    public void ImportState(TrainerState state)
    {
        EdgePopup.EdgePopupTrainer.Restore(_task.Theta, state, "theta");
        EdgePopup.EdgePopupTrainer.Restore(_task.Gradient, state, "gradient");
        _resumed = true;
    }

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => _task.Network.ToModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public void Dispose()
    {
        _evaluator.Dispose();
        _task.Dispose();
    }
}
