using System.Diagnostics;
using Sandbox.Evolution.Candidates;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Parameterizations;
using Sandbox.Supervised.Datasets;
using Sandbox.Tensors.Devices;
using Sandbox.Tensors.Networks;

namespace Sandbox.Supervised.Classification;

/// <summary>
/// Scores one classifier on a whole split (dev or test) in chunks of <see cref="ChunkSize"/> examples through a
/// batched network of one candidate: mean cross-entropy and accuracy over the first examples asked for.
/// </summary>
public sealed class SetScorer : IDisposable
{
    /// <summary>Examples per forward.</summary>
    public const int ChunkSize = 1000;

    private readonly SharedInputMlp _network;
    private readonly WeightLoader _loader;
    private readonly int[] _labels = new int[ChunkSize];

    /// <summary>A scorer for networks of <paramref name="architecture"/> whose weights come from θ through <paramref name="parameterization"/>.</summary>
    public SetScorer(MlpArchitecture architecture, IParameterization parameterization, ComputeDevice device)
    {
        _network = new SharedInputMlp(architecture.Sizes, 1, ChunkSize, architecture.Activation, device);
        _loader = new WeightLoader(parameterization);
    }

    /// <summary>Stopwatch ticks spent scoring since construction.</summary>
    public long BusyTicks { get; private set; }

    /// <summary>Mean cross-entropy, accuracy and sparsity of the candidate on the first <paramref name="count"/> examples of <paramref name="set"/>.</summary>
    public (double Loss, double Accuracy, double Sparsity) Score(CandidateDescriptor candidate, IReadOnlyList<float[]> bases, ImageSet set, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, set.Count);
        if (set.SampleSize != _network.Inputs || set.ClassCount != _network.Classes)
        {
            throw new ArgumentException($"{set.Name} has {set.SampleSize} inputs and {set.ClassCount} classes; the network takes {_network.Inputs} and gives {_network.Classes}");
        }
        long started = Stopwatch.GetTimestamp();
        double sparsity = _loader.Load(candidate, bases, _network, 0);
        _network.Commit(1);
        double lossSum = 0;
        long correct = 0;
        int sampleSize = set.SampleSize;
        var pixels = set.Pixels.Span;
        var labels = set.Labels.Span;
        var input = _network.Input;
        for (int start = 0; start < count; start += ChunkSize)
        {
            int chunk = Math.Min(ChunkSize, count - start);
            pixels.Slice(start * sampleSize, chunk * sampleSize).CopyTo(input);
            input[(chunk * sampleSize)..].Clear();
            for (int i = 0; i < chunk; i++)
            {
                _labels[i] = labels[start + i];
            }
            _network.Forward();
            var (loss, right) = _network.Score(0, _labels, chunk);
            lossSum += loss * chunk;
            correct += right;
        }
        BusyTicks += Stopwatch.GetTimestamp() - started;
        return (lossSum / count, correct / (double)count, sparsity);
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();
}
