using System.Buffers.Binary;
using System.Security.Cryptography;
using Sandbox.Core.Environments;

namespace Sandbox.Cli.Commands;

/// <summary>One SHA-256 over a rollout's per-episode digests, lengths and return bits, in seed order.</summary>
internal static class RolloutDigest
{
    /// <summary>Hex SHA-256; the statistics must carry <see cref="RolloutStatistics.Digests"/>.</summary>
    public static string Of(RolloutStatistics stats)
    {
        var digests = stats.Digests ?? throw new ArgumentException("the rollout was played without --digest");
        var bytes = new byte[digests.Length * 20];
        for (int e = 0; e < digests.Length; e++)
        {
            var slot = bytes.AsSpan(e * 20, 20);
            BinaryPrimitives.WriteUInt64LittleEndian(slot, digests[e]);
            BinaryPrimitives.WriteInt32LittleEndian(slot[8..], stats.Lengths[e]);
            BinaryPrimitives.WriteInt64LittleEndian(slot[12..], BitConverter.DoubleToInt64Bits(stats.Returns[e]));
        }
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
