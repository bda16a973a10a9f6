using System.Buffers.Binary;
using System.Security.Cryptography;
using MessagePack;
using Sandbox.Policies.Networks;
using Sandbox.Policies.Normalization;

namespace Sandbox.Policies.Files;

/// <summary>
/// Reads and writes policy files: an 8-byte magic, a format version, the payload length, a
/// MessagePack payload (<see cref="PolicyFileModel"/>) and a SHA-256 of everything before it.
/// Loading checks each of these and every field, so a truncated, corrupted, foreign or
/// inconsistent file is one <see cref="PolicyFileException"/>; saving is atomic.
/// </summary>
public static class PolicyFile
{
    /// <summary>The current (and only) format version.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Files larger than this are refused before reading.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "SBXPOLCY"u8;
    private const int HeaderLength = 8 + 2 + 4;
    private const int DigestLength = 32;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes <paramref name="policy"/> to bytes.</summary>
    public static byte[] ToBytes(Policy policy)
    {
        byte[] payload = MessagePackSerializer.Serialize(ToModel(policy), Options);
        var bytes = new byte[HeaderLength + payload.Length + DigestLength];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(10), (uint)payload.Length);
        payload.CopyTo(bytes.AsSpan(HeaderLength));
        SHA256.HashData(bytes.AsSpan(0, HeaderLength + payload.Length), bytes.AsSpan(HeaderLength + payload.Length));
        return bytes;
    }

    /// <summary>Writes <paramref name="policy"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Save(Policy policy, string path)
    {
        byte[] bytes = ToBytes(policy);
        string full = Path.GetFullPath(path);
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        string temp = $"{full}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Reads and validates the policy at <paramref name="path"/>.</summary>
    /// <exception cref="PolicyFileException">The file is missing, unreadable or invalid.</exception>
    public static Policy Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new PolicyFileException($"policy file '{path}' does not exist");
            }
            if (info.Length > MaxBytes)
            {
                throw new PolicyFileException($"policy file '{path}' is {info.Length} bytes, more than any policy file can be");
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyFileException($"policy file '{path}' cannot be read: {e.Message}", e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Validates and decodes policy-file bytes; <paramref name="name"/> names the source in errors.</summary>
    public static Policy FromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new PolicyFileException($"'{name}' is not a Sandbox policy file (no SBXPOLCY header)");
        }
        if (bytes.Length < HeaderLength + DigestLength)
        {
            throw new PolicyFileException($"policy file '{name}' is truncated ({bytes.Length} bytes)");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != FormatVersion)
        {
            throw new PolicyFileException($"policy file '{name}' has format version {version}; this program reads version {FormatVersion}");
        }
        long payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        long expected = HeaderLength + payloadLength + DigestLength;
        if (bytes.Length != expected)
        {
            throw new PolicyFileException(bytes.Length < expected
                ? $"policy file '{name}' is truncated ({bytes.Length} of {expected} bytes)"
                : $"policy file '{name}' has {bytes.Length - expected} unexpected trailing bytes");
        }
        int body = HeaderLength + (int)payloadLength;
        Span<byte> digest = stackalloc byte[DigestLength];
        SHA256.HashData(bytes[..body], digest);
        if (!digest.SequenceEqual(bytes[body..]))
        {
            throw new PolicyFileException($"policy file '{name}' is corrupted (checksum mismatch)");
        }
        PolicyFileModel? model;
        try
        {
            model = MessagePackSerializer.Deserialize<PolicyFileModel>(bytes[HeaderLength..body].ToArray(), Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new PolicyFileException($"policy file '{name}' has an unreadable payload: {e.Message}", e);
        }
        return FromModel(model ?? throw new PolicyFileException($"policy file '{name}' has an empty payload"), name);
    }

    private static PolicyFileModel ToModel(Policy p) => new()
    {
        EnvId = p.EnvId,
        Family = p.Family == PolicyFamily.Supermask ? "supermask" : "dense",
        Sizes = p.Architecture.Sizes,
        Bias = p.Architecture.Bias,
        Init = p.Family == PolicyFamily.Supermask ? p.Init.ToString() : null,
        WeightSeed = p.WeightSeed,
        MaskBits = p.Mask is null ? null : PackBits(p.Mask),
        Parameters = p.Parameters,
        ObservationMean = p.Normalizer?.Mean,
        ObservationStd = p.Normalizer?.Std,
        Config = p.Provenance.Config,
        Algorithm = p.Provenance.Algorithm,
        Seed = p.Provenance.Seed,
        Generation = p.Provenance.Generation,
        Fitness = p.Provenance.Fitness,
        ValidationReturn = p.Provenance.ValidationReturn ?? double.NaN,
        EnvSteps = p.Provenance.EnvSteps,
        Physics = p.Provenance.Physics,
        Producer = p.Provenance.Producer,
        Actions = p.DiscreteActions ? "discrete" : "continuous",
    };

    private static Policy FromModel(PolicyFileModel m, string name)
    {
        string Fail(string what) => throw new PolicyFileException($"policy file '{name}': {what}");

        if (string.IsNullOrWhiteSpace(m.EnvId) || m.EnvId.Length > 200)
        {
            Fail("missing or invalid environment id");
        }
        var family = m.Family switch
        {
            "supermask" => PolicyFamily.Supermask,
            "dense" => PolicyFamily.Dense,
            _ => (PolicyFamily)(-1),
        };
        if ((int)family < 0)
        {
            Fail($"unknown policy family '{m.Family}'");
        }
        if (m.Actions is not ("discrete" or "continuous"))
        {
            Fail($"unknown action kind '{m.Actions}'");
        }
        if (m.Sizes is not { Length: >= 2 } sizes)
        {
            Fail("missing network layer sizes");
            return null!;
        }
        MlpArchitecture architecture;
        try
        {
            architecture = new MlpArchitecture(sizes[0], sizes[1..^1], sizes[^1], m.Bias);
        }
        catch (ArgumentException e)
        {
            Fail($"invalid network shape {string.Join("-", sizes)}: {e.Message}");
            return null!;
        }

        bool[]? mask = null;
        float[]? parameters = null;
        var init = WeightInit.Uniform;
        if (family == PolicyFamily.Supermask)
        {
            if (architecture.Bias)
            {
                Fail("a supermask policy cannot have biases");
            }
            if (!Enum.TryParse(m.Init, ignoreCase: false, out init) || !Enum.IsDefined(init))
            {
                Fail($"unknown weight initialisation '{m.Init}'");
            }
            int bytesNeeded = (architecture.WeightCount + 7) / 8;
            if (m.MaskBits is null || m.MaskBits.Length != bytesNeeded)
            {
                Fail($"mask has {m.MaskBits?.Length ?? 0} bytes, the network needs {bytesNeeded}");
            }
            mask = UnpackBits(m.MaskBits!, architecture.WeightCount);
            if (m.Parameters is not null)
            {
                Fail("a supermask policy stores no dense parameters");
            }
        }
        else
        {
            if (m.Parameters is null || m.Parameters.Length != architecture.ParameterCount)
            {
                Fail($"dense parameters have {m.Parameters?.Length ?? 0} values, the network needs {architecture.ParameterCount}");
            }
            foreach (float v in m.Parameters!)
            {
                if (!float.IsFinite(v))
                {
                    Fail("dense parameters contain a non-finite value");
                }
            }
            parameters = m.Parameters;
            if (m.MaskBits is not null)
            {
                Fail("a dense policy stores no mask");
            }
        }

        ObservationNormalizer? normalizer = null;
        if (m.ObservationMean is not null || m.ObservationStd is not null)
        {
            if (m.ObservationMean?.Length != architecture.Inputs || m.ObservationStd?.Length != architecture.Inputs)
            {
                Fail($"observation normalisation must have {architecture.Inputs} means and standard deviations");
            }
            foreach (float v in m.ObservationMean!)
            {
                if (!float.IsFinite(v))
                {
                    Fail("observation mean contains a non-finite value");
                }
            }
            try
            {
                normalizer = new ObservationNormalizer(m.ObservationMean!, m.ObservationStd!);
            }
            catch (ArgumentException e)
            {
                Fail($"invalid observation normalisation: {e.Message}");
            }
        }
        if (m.Generation < 0 || m.EnvSteps < 0)
        {
            Fail("negative generation or step count in provenance");
        }

        return new Policy
        {
            EnvId = m.EnvId!,
            Architecture = architecture,
            DiscreteActions = m.Actions == "discrete",
            Family = family,
            Init = init,
            WeightSeed = m.WeightSeed,
            Mask = mask,
            Parameters = parameters,
            Normalizer = normalizer,
            Provenance = new Provenance
            {
                Config = m.Config ?? "{}",
                Algorithm = m.Algorithm ?? "",
                Seed = m.Seed,
                Generation = m.Generation,
                Fitness = m.Fitness,
                ValidationReturn = double.IsNaN(m.ValidationReturn) ? null : m.ValidationReturn,
                EnvSteps = m.EnvSteps,
                Physics = m.Physics ?? "",
                Producer = m.Producer ?? "",
            },
        };
    }

    /// <summary>Packs flags LSB-first into bytes.</summary>
    internal static byte[] PackBits(ReadOnlySpan<bool> flags)
    {
        var bytes = new byte[(flags.Length + 7) / 8];
        for (int i = 0; i < flags.Length; i++)
        {
            if (flags[i])
            {
                bytes[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return bytes;
    }

    private static bool[] UnpackBits(byte[] bytes, int count)
    {
        var flags = new bool[count];
        for (int i = 0; i < count; i++)
        {
            flags[i] = (bytes[i >> 3] & (1 << (i & 7))) != 0;
        }
        return flags;
    }
}
