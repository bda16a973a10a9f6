using Sandbox.Core.Environments;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Classification;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Tracks.HybridEs;
using Sandbox.Supervised.Tracks.RandomBases;

namespace Sandbox.Cli.Composition;

/// <summary>The registry of every task kind this program offers: control on the shipped environments, classification on the catalogued datasets, and the supervised tracks' steps on workers (random-bases shards, Hybrid-ES trials).</summary>
public static class TaskCatalog
{
    /// <summary>Builds a task registry on <paramref name="environments"/>; dataset fetches report on stderr.</summary>
    public static TaskRegistry Create(EnvironmentRegistry environments) =>
        new TaskRegistry()
            .Add(new ControlTaskFactory(environments))
            .Add(new ClassificationTaskFactory(DatasetCatalog.Default, DatasetCatalogOptions.ForCli()))
            .Add(new RandomBasesTaskFactory(DatasetCatalog.Default, DatasetCatalogOptions.ForCli()))
            .Add(new HybridEsTaskFactory(DatasetCatalog.Default, DatasetCatalogOptions.ForCli()));
}
