using MessagePack;
using Sandbox.Core.Files;
using Sandbox.Core.Text;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Runs;

/// <summary>
/// Saves and loads <c>checkpoint.msgpack</c> in a run directory: the shared file container (magic,
/// version, length, SHA-256), written atomically; loading checks the container, then every field
/// against the run's config (the run checks the states themselves).
/// </summary>
public static class CheckpointStore
{
    /// <summary>File name inside the run directory.</summary>
    public const string FileName = "checkpoint.msgpack";

    /// <summary>Checkpoints larger than this are refused before reading.</summary>
    public const long MaxBytes = 4L * 1024 * 1024 * 1024;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes <paramref name="checkpoint"/> atomically.</summary>
    public static void Save(string runDirectory, RunCheckpoint checkpoint) =>
        FileEnvelope.WriteAtomically(Path.Combine(runDirectory, FileName), FileEnvelope.Wrap(FileKind.Checkpoint, MessagePackSerializer.Serialize(checkpoint, Options)));

    /// <summary>Reads the checkpoint of <paramref name="runDirectory"/>.</summary>
    /// <exception cref="ConfigException">No run there, or an unreadable, damaged or inconsistent checkpoint.</exception>
    public static RunCheckpoint Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        string where = $"--resume {Quoted.Value(runDirectory)}";
        if (!Directory.Exists(runDirectory))
        {
            throw new ConfigException($"{where}: no such run directory");
        }
        if (!File.Exists(path))
        {
            throw new ConfigException($"{where}: no {FileName} (the run has not reached its first checkpoint)");
        }
        RunCheckpoint? checkpoint;
        try
        {
            var payload = FileEnvelope.Unwrap(FileEnvelope.ReadFile(path, FileKind.Checkpoint, MaxBytes), FileKind.Checkpoint, path);
            checkpoint = MessagePackSerializer.Deserialize<RunCheckpoint>(payload.ToArray(), Options);
        }
        catch (EnvelopeException e)
        {
            throw new ConfigException($"{where}: {e.Message}", e);
        }
        catch (MessagePackSerializationException e)
        {
            throw new ConfigException($"{where}: checkpoint {Quoted.Value(path)} has an unreadable payload ({Quoted.Message(e.Message)})", e);
        }
        if (checkpoint is null)
        {
            throw new ConfigException($"{where}: checkpoint {Quoted.Value(path)} is empty");
        }
        if (Problem(checkpoint) is { } problem)
        {
            throw new ConfigException($"{where}: checkpoint {Quoted.Value(path)} is inconsistent: {problem}");
        }
        return checkpoint;
    }

    private static string? Problem(RunCheckpoint c) =>
        c.ConfigJson is null || c.AlgorithmState is null || c.TaskState is null || c.LastValidated is null ? "a field is missing"
        : c.Generation < 0 ? $"generation {c.Generation}"
        : c.TotalWork < 0 ? $"work {c.TotalWork}"
        : !double.IsFinite(c.ElapsedSeconds) || c.ElapsedSeconds < 0 || c.ElapsedSeconds > 1e9 ? $"elapsed seconds {c.ElapsedSeconds}"
        : double.IsNaN(c.BestValidation) || double.IsPositiveInfinity(c.BestValidation) ? $"best validation {c.BestValidation}"
        : (c.BestArtifact is null) != double.IsNegativeInfinity(c.BestValidation) ? "best validation without its artifact (or the reverse)"
        : double.IsNaN(c.LastChampionFitness) ? "last champion fitness NaN"
        : null;
}
