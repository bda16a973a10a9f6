using MessagePack;
using Sandbox.Core.Files;
using Sandbox.Core.Text;
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
    public static ushort FormatVersion => FileKind.Policy.Version;

    /// <summary>Files larger than this are refused before reading.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes <paramref name="policy"/> to bytes.</summary>
    public static byte[] ToBytes(Policy policy) =>
        FileEnvelope.Wrap(FileKind.Policy, MessagePackSerializer.Serialize(ToModel(policy), Options));

    /// <summary>Writes <paramref name="policy"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Save(Policy policy, string path) => FileEnvelope.WriteAtomically(path, ToBytes(policy));

    /// <summary>Reads and validates the policy at <paramref name="path"/>.</summary>
    /// <exception cref="PolicyFileException">The file is missing, unreadable or invalid.</exception>
    public static Policy Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = FileEnvelope.ReadFile(path, FileKind.Policy, MaxBytes);
        }
        catch (EnvelopeException e)
        {
            throw new PolicyFileException(e.Message, e);
        }
        return FromBytes(bytes, path);
    }

    /// <summary>Validates and decodes policy-file bytes; <paramref name="name"/> names the source in errors.</summary>
    public static Policy FromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        ReadOnlySpan<byte> payload;
        try
        {
            payload = FileEnvelope.Unwrap(bytes, FileKind.Policy, name);
        }
        catch (EnvelopeException e)
        {
            throw new PolicyFileException(e.Message, e);
        }
        PolicyFileModel? model;
        try
        {
            model = MessagePackSerializer.Deserialize<PolicyFileModel>(payload.ToArray(), Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new PolicyFileException($"policy file {Quoted.Value(name)} has an unreadable payload: {Quoted.Message(e.Message)}", e);
        }
        return FromModel(model ?? throw new PolicyFileException($"policy file {Quoted.Value(name)} has an empty payload"), name);
    }

    private static PolicyFileModel ToModel(Policy p) => new()
    {
        EnvId = p.EnvId,
        Family = p.Family == PolicyFamily.Supermask ? "supermask" : "dense",
        Sizes = p.Architecture.Sizes,
        Bias = p.Architecture.Bias,
        Init = p.Family == PolicyFamily.Supermask ? p.Init.ToString() : null,
        WeightSeed = p.WeightSeed,
        MaskBits = p.Mask is null ? null : MaskBits.Pack(p.Mask),
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
        string Fail(string what) => throw new PolicyFileException($"policy file {Quoted.Value(name)}: {what}");

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
            Fail($"unknown policy family {Quoted.Value(m.Family ?? "")}");
        }
        if (m.Actions is not ("discrete" or "continuous"))
        {
            Fail($"unknown action kind {Quoted.Value(m.Actions ?? "")}");
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
                Fail($"unknown weight initialisation {Quoted.Value(m.Init ?? "")}");
            }
            int bytesNeeded = (architecture.WeightCount + 7) / 8;
            if (m.MaskBits is null || m.MaskBits.Length != bytesNeeded)
            {
                Fail($"mask has {m.MaskBits?.Length ?? 0} bytes, the network needs {bytesNeeded}");
            }
            mask = MaskBits.Unpack(m.MaskBits!, architecture.WeightCount);
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
}
