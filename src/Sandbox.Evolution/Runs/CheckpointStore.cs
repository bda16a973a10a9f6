using MessagePack;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Runs;

/// <summary>Saves and loads <c>checkpoint.msgpack</c> in a run directory (temporary file, then rename).</summary>
public static class CheckpointStore
{
    /// <summary>File name inside the run directory.</summary>
    public const string FileName = "checkpoint.msgpack";

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes <paramref name="checkpoint"/> atomically.</summary>
    public static void Save(string runDirectory, RunCheckpoint checkpoint)
    {
        string path = Path.Combine(runDirectory, FileName);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, MessagePackSerializer.Serialize(checkpoint, Options));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the checkpoint of <paramref name="runDirectory"/>.</summary>
    /// <exception cref="ConfigException">No run there, or an unreadable checkpoint.</exception>
    public static RunCheckpoint Load(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!Directory.Exists(runDirectory))
        {
            throw new ConfigException($"--resume '{runDirectory}': no such run directory");
        }
        if (!File.Exists(path))
        {
            throw new ConfigException($"--resume '{runDirectory}': no {FileName} (the run has not reached its first checkpoint)");
        }
        try
        {
            var checkpoint = MessagePackSerializer.Deserialize<RunCheckpoint>(File.ReadAllBytes(path), Options);
            if (checkpoint is null || checkpoint.Format != RunCheckpoint.CurrentFormat || checkpoint.Generation < 0)
            {
                throw new ConfigException($"--resume '{runDirectory}': {FileName} has an unknown format");
            }
            return checkpoint;
        }
        catch (MessagePackSerializationException e)
        {
            throw new ConfigException($"--resume '{runDirectory}': {FileName} is corrupted ({e.Message})", e);
        }
    }
}
