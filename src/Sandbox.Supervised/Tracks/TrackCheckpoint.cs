using MessagePack;
using Sandbox.Core.Files;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// A track run's state after a completed epoch (SBXCHKPT container, MessagePack payload): the config it belongs to,
/// epochs done, time and samples so far, the per-epoch metrics and the trainer's state.
/// </summary>
[MessagePackObject]
public sealed class TrackCheckpoint
{
    /// <summary>File name inside the run directory.</summary>
    public const string FileName = "checkpoint.bin";

    /// <summary>The resolved config (compact JSON) the state belongs to.</summary>
    [Key(0)] public string ConfigJson { get; set; } = "";

    /// <summary>Epochs completed.</summary>
    [Key(1)] public int Epochs { get; set; }

    /// <summary>Training seconds so far (evaluation excluded).</summary>
    [Key(2)] public double TrainSeconds { get; set; }

    /// <summary>Training examples processed so far.</summary>
    [Key(3)] public long Samples { get; set; }

    /// <summary>The metrics line of every completed epoch.</summary>
    [Key(4)] public List<Dictionary<string, double>> History { get; set; } = [];

    /// <summary>The trainer's state.</summary>
    [Key(5)] public TrainerState State { get; set; } = new();

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes the checkpoint into <paramref name="runDirectory"/> atomically.</summary>
    public void Save(string runDirectory) =>
        FileEnvelope.WriteAtomically(Path.Combine(runDirectory, FileName), FileEnvelope.Wrap(FileKind.Checkpoint, MessagePackSerializer.Serialize(this, Options)));

    /// <summary>Reads the checkpoint of <paramref name="runDirectory"/>; a missing or foreign file is a <see cref="TrackConfigException"/>.</summary>
    public static TrackCheckpoint Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new TrackConfigException($"--resume '{runDirectory}': no checkpoint there ({FileName} is missing; a run saves one after its first epoch)");
        }
        try
        {
            var bytes = FileEnvelope.ReadFile(path, FileKind.Checkpoint, 1L << 32);
            return MessagePackSerializer.Deserialize<TrackCheckpoint>(FileEnvelope.Unwrap(bytes, FileKind.Checkpoint, path).ToArray(), Options);
        }
        catch (Exception e) when (e is EnvelopeException or MessagePackSerializationException)
        {
            throw new TrackConfigException($"--resume '{runDirectory}': {path} is not a training-track checkpoint ({Innermost(e).Message.Split('\n')[0]})");
        }
    }
}
