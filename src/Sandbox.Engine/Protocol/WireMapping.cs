using Sandbox.Core.Perturbations;
using Sandbox.Evolution.Evaluation;
using Sandbox.Policies.Normalization;

namespace Sandbox.Engine.Protocol;

/// <summary>Conversions between evaluation records and their wire shapes.</summary>
public static class WireMapping
{
    /// <summary>Descriptor → wire.</summary>
    public static CandidateWire ToWire(CandidateDescriptor d) => new()
    {
        Index = d.Index,
        Parent = d.Parent,
        Stream = d.Noise.Stream,
        NoiseGeneration = d.Noise.Generation,
        Member = d.Noise.Member,
        Scale = d.Scale,
    };

    /// <summary>Wire → descriptor (the run seed completes the noise key).</summary>
    public static CandidateDescriptor FromWire(CandidateWire w, ulong runSeed) =>
        new(w.Index, w.Parent, w.Scale == 0 && w.Stream == 0 ? default : new NoiseKey(runSeed, w.Stream, w.NoiseGeneration, w.Member), w.Scale);

    /// <summary>Result → wire.</summary>
    public static ResultWire ToWire(CandidateResult r) => new()
    {
        Index = r.Index,
        MeanReturn = r.MeanReturn,
        Returns = r.Returns,
        Lengths = r.Lengths,
        TerminatedEpisodes = r.TerminatedEpisodes,
        EnvSteps = r.EnvSteps,
        Sparsity = r.Sparsity,
        ObservationCount = r.ObservationStatistics?.Count ?? 0,
        ObservationSum = r.ObservationStatistics?.Sum,
        ObservationSumSquares = r.ObservationStatistics?.SumSquares,
    };

    /// <summary>Wire → result.</summary>
    public static CandidateResult FromWire(ResultWire w) => new()
    {
        Index = w.Index,
        MeanReturn = w.MeanReturn,
        Returns = w.Returns,
        Lengths = w.Lengths,
        TerminatedEpisodes = w.TerminatedEpisodes,
        EnvSteps = w.EnvSteps,
        Sparsity = w.Sparsity,
        ObservationStatistics = Statistics(w.ObservationCount, w.ObservationSum, w.ObservationSumSquares),
    };

    /// <summary>The scalars a replica's update needs.</summary>
    public static TellWire ToTell(CandidateResult r) => new()
    {
        Index = r.Index,
        MeanReturn = r.MeanReturn,
        Sparsity = r.Sparsity,
        ObservationCount = r.ObservationStatistics?.Count ?? 0,
        ObservationSum = r.ObservationStatistics?.Sum,
        ObservationSumSquares = r.ObservationStatistics?.SumSquares,
    };

    /// <summary>A result rebuilt from its update scalars (episode details are not needed by updates).</summary>
    public static CandidateResult FromTell(TellWire w) => new()
    {
        Index = w.Index,
        MeanReturn = w.MeanReturn,
        Returns = [],
        EnvSteps = 0,
        Sparsity = w.Sparsity,
        ObservationStatistics = Statistics(w.ObservationCount, w.ObservationSum, w.ObservationSumSquares),
    };

    private static ObservationStatistics? Statistics(long count, double[]? sum, double[]? squares) =>
        sum is null || squares is null || sum.Length != squares.Length ? null : new ObservationStatistics(count, sum, squares);
}
