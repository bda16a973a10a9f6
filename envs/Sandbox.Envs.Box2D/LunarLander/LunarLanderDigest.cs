using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sandbox.Core.Environments;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>
/// A fingerprint of heuristic trajectories, for checking that the same seeds give the same
/// episodes bit for bit in another process, build or machine.
/// </summary>
public static class LunarLanderDigest
{
    /// <summary>
    /// SHA-256 (lower-case hex) over seeds <paramref name="firstSeed"/>.. (<paramref name="seeds"/> of
    /// them) of the reset observation and then, for each of up to <paramref name="steps"/> heuristic
    /// steps, the float32 observation, the float64 reward and the end flags, in little-endian bytes.
    /// An episode stops contributing when it terminates or is truncated.
    /// </summary>
    public static string Heuristic(EnvironmentSpec spec, long firstSeed = 0, int seeds = 5, int steps = 200)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (spec.Heuristic is null)
        {
            throw new ArgumentException($"{spec.Id} has no heuristic");
        }
        using var env = spec.CreateVector(1);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        int obsSize = spec.ObservationSpace.FlatSize;
        int actSize = spec.ActionSpace.FlatSize;
        ReadOnlySpan<int> lane = [0];
        Span<byte> scalars = stackalloc byte[sizeof(double) + 2];
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            IReferenceController controller = spec.Heuristic();
            controller.Reset();
            env.Reset(0, seed);
            hash.AppendData(MemoryMarshal.AsBytes(env.Observations[..obsSize]));
            for (int t = 0; t < steps; t++)
            {
                env.DiscreteActions[0] = controller.Act(env.Observations[..obsSize], env.ContinuousActions[..actSize]);
                env.Step(lane);
                hash.AppendData(MemoryMarshal.AsBytes(env.Observations[..obsSize]));
                BitConverter.TryWriteBytes(scalars, env.Rewards[0]);
                scalars[8] = env.Terminated[0] ? (byte)1 : (byte)0;
                scalars[9] = env.Truncated[0] ? (byte)1 : (byte)0;
                hash.AppendData(scalars);
                if (env.Terminated[0] || env.Truncated[0])
                {
                    break;
                }
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
