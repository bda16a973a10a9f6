using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;

namespace Sandbox.Evolution.Algorithms;

/// <summary>
/// One algorithm the engine offers: its config name, what it searches (supermask scores or dense
/// weights), its options section (which validates itself) and how it is built.
/// </summary>
public sealed record AlgorithmEntry(
    string Name,
    string Summary,
    PolicyFamily Family,
    string Section,
    Func<RunConfig, IAlgorithmOptions> Options,
    Func<RunConfig, SearchSpace, IEvolutionAlgorithm> Create);
