using Sandbox.Core.Perturbations;
using Sandbox.Core.Random;

namespace Sandbox.Supervised.Datasets;

/// <summary>
/// Exact, unbiased integers in [0, bound) from the 32-bit words of a <see cref="NoiseKey"/>'s Philox stream, with
/// the counter laid out as <see cref="PerturbationGenerator"/> lays it out (block, member, generation, stream;
/// key = run seed). Each draw takes Lemire's multiply-shift of the next word and rejects the few low products
/// that would bias it (fewer than bound out of 2^32), so every value is exactly equally likely and the sequence
/// depends on the key alone.
/// </summary>
internal struct BoundedDraws
{
    private readonly NoiseKey _key;
    private ulong _word;
    private Philox4x32.Block _block;

    /// <summary>Starts at word 0 of <paramref name="key"/>'s stream.</summary>
    public BoundedDraws(NoiseKey key)
    {
        _key = key;
        _word = 0;
        _block = default;
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>); bound must be positive.</summary>
    public uint Next(uint bound)
    {
        ulong product = (ulong)NextWord() * bound;
        uint low = (uint)product;
        if (low < bound)
        {
            uint threshold = (0u - bound) % bound; // 2^32 mod bound: the biased low products
            while (low < threshold)
            {
                product = (ulong)NextWord() * bound;
                low = (uint)product;
            }
        }
        return (uint)(product >> 32);
    }

    private uint NextWord()
    {
        int lane = (int)(_word & 3);
        if (lane == 0)
        {
            ulong block = _word >> 2;
            if (block > uint.MaxValue)
            {
                throw new InvalidOperationException("a data-order stream is limited to 2^34 words");
            }
            _block = Philox4x32.Generate((uint)block, _key.Member, _key.Generation, _key.Stream, (uint)_key.RunSeed, (uint)(_key.RunSeed >> 32));
        }
        _word++;
        return lane switch
        {
            0 => _block.X0,
            1 => _block.X1,
            2 => _block.X2,
            _ => _block.X3,
        };
    }
}
