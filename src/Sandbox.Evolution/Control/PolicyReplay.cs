using Sandbox.Core.Environments;
using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Tasks;
using Sandbox.Core.Spaces;
using Sandbox.Policies;
using Sandbox.Policies.Networks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Control;

/// <summary>Runs a saved policy for many episodes at once (one lane per episode, one batched forward per step).</summary>
public static class PolicyReplay
{
    /// <summary>
    /// Checks that <paramref name="policy"/>'s network fits <paramref name="env"/>; returns a one-line
    /// reason when it does not.
    /// </summary>
    public static string? Incompatibility(Policy policy, EnvironmentSpec env)
    {
        int outputs;
        try
        {
            outputs = ActionMapping.OutputWidth(env.ActionSpace);
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        bool sameKind = (env.ActionSpace is DiscreteSpace) == policy.DiscreteActions;
        if (policy.Architecture.Inputs != env.ObservationSpace.FlatSize || policy.Architecture.Outputs != outputs || !sameKind)
        {
            return $"the policy was trained on {policy.EnvId} ({policy.Architecture.Inputs} observations → {policy.Architecture.Outputs} outputs) " +
                $"and does not fit {env.Id} ({env.ObservationSpace.FlatSize} observations, actions {env.ActionSpace.Describe()})";
        }
        return null;
    }

    /// <summary>Plays <paramref name="episodes"/> episodes on seeds <paramref name="seed"/>, seed+1, ...</summary>
    public static ReplayResult Run(Policy policy, EnvironmentSpec env, int episodes, long seed, ComputeDevice device, IRolloutObserver? observer = null)
    {
        var seeds = new long[episodes];
        for (int e = 0; e < episodes; e++)
        {
            seeds[e] = seed + e;
        }
        return Run(policy, env, seeds, device, observer);
    }

    /// <summary>Plays one episode on each of <paramref name="seeds"/>, all in lockstep.</summary>
    public static ReplayResult Run(Policy policy, EnvironmentSpec env, long[] seeds, ComputeDevice device, IRolloutObserver? observer = null)
    {
        if (Incompatibility(policy, env) is { } reason)
        {
            throw new ArgumentException(reason);
        }
        int episodes = seeds.Length;
        var (parameterization, theta) = policy.ToSearchVector();
        var model = new PolicyModel(env, policy.Architecture, parameterization);
        var task = new GenerationTask
        {
            Generation = 0,
            Bases = [theta],
            Context = new EvaluationContext(seeds, EvaluationSplit.Validation),
            Candidates = [CandidateDescriptor.Clone(0, 0)],
        };
        using var rollout = new LockstepRollout(model, 1, episodes, device);
        var results = new CandidateResult[1];
        rollout.Run(task, 0, 1, results, policy.Normalizer, collectStatistics: false, observer);
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int e = 0; e < episodes; e++)
        {
            returns[e] = rollout.EpisodeReturn(0, e);
            lengths[e] = rollout.EpisodeLength(0, e);
        }
        return new ReplayResult(returns, lengths, results[0].Fitness);
    }
}
