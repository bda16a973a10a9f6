using System.Reflection;

namespace Sandbox.Engine.Workers;

/// <summary>How to start a worker: an executable and the arguments before <c>worker --token ...</c>.</summary>
public sealed record WorkerCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The program this process runs (the same executable, in worker mode).</summary>
    public static WorkerCommand CurrentProgram()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string entry = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? new WorkerCommand(process, [entry])
            : new WorkerCommand(process, []);
    }
}
