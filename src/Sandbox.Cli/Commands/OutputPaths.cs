using Sandbox.Core.Text;

namespace Sandbox.Cli.Commands;

/// <summary>Output paths checked before the work that ends by writing them, so a bad path costs a line, not a run.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// Refuses an output file that could not be written (empty, a directory, under a file or a missing directory,
    /// read-only) with one line naming <paramref name="option"/>.
    /// </summary>
    /// <exception cref="UsageException">The file could not be written.</exception>
    public static void CheckWritable(string option, string path, string example)
    {
        string shown = Quoted.Value(path);
        if (path.Length == 0)
        {
            throw new UsageException($"{option} is empty; give a file name such as {example}");
        }
        if (Directory.Exists(path))
        {
            throw new UsageException($"{option} {shown} is a directory; give a file name such as {example}");
        }
        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"{option} {shown}: {(File.Exists(directory) ? "a parent is a file, not a directory" : "its directory does not exist")}");
        }
        string probe = Path.Combine(directory, $".sandbox-write-test-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {shown}: its directory cannot be written ({Quoted.Message(e.Message)})");
        }
    }
}
