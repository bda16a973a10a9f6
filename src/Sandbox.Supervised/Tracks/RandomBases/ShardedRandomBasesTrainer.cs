using System.Buffers.Binary;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Supervised.Tracks.Networks;
using Sandbox.Supervised.Tracks.Training;
using static TorchSharp.torch;

namespace Sandbox.Supervised.Tracks.RandomBases;

/// <summary>
/// Parallel random-bases descent (<see cref="TrackConfig.Shards"/> = K &gt; 1) through the engine: every step is one
/// <see cref="ShardedStep"/> generation of a <see cref="ShardedRandomBasesTask"/>, its K worker shards evaluated by an
/// <see cref="ICandidateEvaluator"/> (in process, or worker processes with the engine's protocol and fault handling),
/// then committed here and in every replica. Records per epoch the bytes the exchange moved against shipping gradients.
/// </summary>
public sealed class ShardedRandomBasesTrainer : ITrackTrainer
{
    private readonly TrackConfig _config;
    private readonly ShardedRandomBasesTask _task;
    private readonly ShardedStep _algorithm;
    private readonly RunConfig _runConfig;
    private readonly ICandidateEvaluator _evaluator;
    private readonly int _batchesPerEpoch;
    private bool _started;

    /// <summary>A trainer at step 0; <paramref name="evaluators"/> makes the evaluator of the shards (started at the first epoch).</summary>
    public ShardedRandomBasesTrainer(TrackConfig config, TrackData data, Func<IEvaluationTask, ICandidateEvaluator> evaluators, string? dataDirectory)
    {
        _config = config;
        Threads.Use(config.Threads);
        _task = new ShardedRandomBasesTask(config, data);
        _runConfig = RandomBasesTaskFactory.RunConfigFor(config, dataDirectory);
        _algorithm = new ShardedStep(_runConfig);
        _evaluator = evaluators(_task);
        _batchesPerEpoch = data.Train.Count / config.BatchSize;
        Describe = $"{_task.Network.Describe}; parallel RBD, {config.Shards} workers × d = {config.Directions} {config.Basis}, compartments {config.Compartments}";
    }

    /// <inheritdoc />
    public string Describe { get; }

    /// <inheritdoc />
    public long TrainableCount => _task.Theta.Length;

    /// <inheritdoc />
    public int BatchesPerEpoch => _batchesPerEpoch;

    /// <summary>The current parameters.</summary>
    public float[] Parameters() => (float[])_task.Theta.Clone();

    /// <inheritdoc />
    public EpochStats TrainEpoch(int epoch, Action<int>? batchDone, CancellationToken cancel)
    {
        if (!_started)
        {
            // Replicas start from the state at hand (after a resume's import), and restart from the current one.
            _evaluator.Start(_runConfig, () => new ReplicaState(_algorithm.ExportState(), _task.ExportState()));
            _started = true;
        }
        double lossSum = 0;
        long correct = 0, samples = 0;
        var traffic = new EngineTraffic();
        int b = 0;
        try
        {
            for (; b < _batchesPerEpoch && !cancel.IsCancellationRequested; b++)
            {
                long step = (long)epoch * _batchesPerEpoch + b;
                if (step != _task.Step)
                {
                    throw new InvalidOperationException($"epoch {epoch} batch {b} is step {step}, the task is at step {_task.Step}");
                }
                var plan = _algorithm.Plan(_task.TrainingContext((int)step));
                var results = _evaluator.Evaluate(plan, cancel);
                _algorithm.Tell(plan, Array.ConvertAll(results, r => r.Fitness));
                _task.Commit(results);
                _evaluator.Commit(plan, results);
                // Replica (re)starts ship the whole state once (hello): counted apart from the steps' exchange.
                traffic.Add(_evaluator.LastReport);
                foreach (var r in results)
                {
                    lossSum += r.Metrics[0] / results.Length;
                    correct += (long)r.Metrics[1];
                    samples += (long)r.Metrics[2];
                }
                batchDone?.Invoke(b + 1);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The step in flight was not committed: the state is at the end of the last whole step.
        }
        int d = _config.Directions, k = _config.Shards;
        long wire = traffic.Sent + traffic.Received;
        var extra = new Dictionary<string, double>
        {
            ["steps"] = b,
            ["shards"] = k,
            // Algorithm 1 (right): every worker ships its d coordinates per step; data-parallel SGD ships D gradient values.
            ["coordinate_bytes"] = b * 4.0 * d * k,
            ["gradient_bytes"] = b * 4.0 * TrainableCount * k,
            // Measured: every engine frame of these steps both ways (MessagePack; the all-gather of coordinates to
            // every replica included; 0 in process), and apart from it the states shipped to starting workers.
            ["wire_bytes"] = wire,
            ["state_bytes"] = traffic.State,
            ["wire_bytes_per_step"] = b == 0 ? 0 : (double)wire / b,
            ["gradient_bytes_per_step"] = 4.0 * TrainableCount * k,
            ["worker_restarts"] = traffic.Restarts,
        };
        return new EpochStats(b == _batchesPerEpoch, samples, b == 0 ? double.NaN : lossSum / b,
            samples == 0 ? double.NaN : (double)correct / samples, _config.LearningRate, extra);
    }

    /// <inheritdoc />
    public (double Loss, double Accuracy) Evaluate(ImageSet set)
    {
        using var theta = TensorCopy.FromSpan(_task.Theta, _task.Theta.Length);
        return ClassifierEvaluation.Score(set, x => _task.Network.Logits(theta, x));
    }

    /// <inheritdoc />
    public TrainerState ExportState() => new() { Arrays = { ["theta"] = Parameters() }, Scalars = { ["step"] = _task.Step } };

    /// <inheritdoc />
    public void ImportState(TrainerState state)
    {
        if (!state.Arrays.TryGetValue("theta", out var theta) || theta.Length != _task.Theta.Length || !state.Scalars.TryGetValue("step", out double step) || step < 0)
        {
            throw new TrackConfigException("checkpoint does not match the configuration: 'theta' or 'step' is missing or has the wrong size");
        }
        _task.Restore((long)step, theta);
        var generation = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(generation, (int)step);
        _algorithm.ImportState(generation);
    }

    /// <inheritdoc />
    public ClassifierModel? ToModel(string dataset, ArtifactProvenance provenance) => _task.Network.ToModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public ConvClassifierModel? ToConvModel(string dataset, ArtifactProvenance provenance) => _task.Network.ToConvModel(Parameters(), dataset, provenance);

    /// <inheritdoc />
    public void Dispose()
    {
        _evaluator.Dispose();
        _task.Dispose();
    }
}
