using Sandbox.Core.Environments;
using Sandbox.Envs.Classic;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Tests;

internal static class TestEnvironments
{
    public static EnvironmentRegistry Registry { get; } = ClassicEnvironments.Register(new EnvironmentRegistry());

    public static TaskRegistry Tasks { get; } = new TaskRegistry().Add(new ControlTaskFactory(Registry));

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "sandbox-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
