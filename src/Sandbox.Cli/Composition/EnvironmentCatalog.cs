using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.BipedalWalker;
using Sandbox.Envs.Box2D.LunarLander;
using Sandbox.Envs.Classic;

namespace Sandbox.Cli.Composition;

/// <summary>The registry of every environment this program ships.</summary>
public static class EnvironmentCatalog
{
    /// <summary>Builds a registry with all environment packages registered.</summary>
    public static EnvironmentRegistry Create()
    {
        var registry = new EnvironmentRegistry();
        ClassicEnvironments.Register(registry);
        LunarLanderEnvironments.Register(registry);
        BipedalWalkerEnvironments.Register(registry);
        return registry;
    }
}
