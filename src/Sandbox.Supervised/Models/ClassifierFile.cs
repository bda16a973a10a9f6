using MessagePack;
using Sandbox.Core.Files;
using Sandbox.Core.Text;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Files;
using Sandbox.Policies.Networks;
using Sandbox.Tensors.Networks;

namespace Sandbox.Supervised.Models;

/// <summary>
/// Reads and writes classifier model files: the policy file's container (SBXMODEL magic, version, length,
/// SHA-256) around a MessagePack payload (<see cref="ClassifierFileModel"/>). Supermask models store the init and
/// seed and regenerate the frozen weights, so they stay tiny. Loading checks the container and every field.
/// </summary>
public static class ClassifierFile
{
    /// <summary>Files larger than this are refused before reading.</summary>
    public const long MaxBytes = 1L << 30;

    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Serializes <paramref name="model"/>.</summary>
    public static byte[] ToBytes(ClassifierModel model) =>
        FileEnvelope.Wrap(FileKind.Classifier, MessagePackSerializer.Serialize(new ClassifierFileModel
        {
            Dataset = model.Dataset,
            Network = "mlp",
            Sizes = model.Architecture.Sizes,
            Bias = model.Architecture.Bias,
            Activation = Activations.Name(model.Architecture.Activation),
            Family = model.Family == PolicyFamily.Supermask ? "supermask" : "dense",
            Init = model.Family == PolicyFamily.Supermask ? model.Init.ToString() : null,
            WeightSeed = model.WeightSeed,
            MaskBits = model.Mask is null ? null : MaskBits.Pack(model.Mask),
            Parameters = model.Parameters,
        }.Stamped(model.Provenance), Options));

    /// <summary>Serializes a convolutional <paramref name="model"/> (network kind "conv").</summary>
    public static byte[] ToBytes(ConvClassifierModel model) =>
        FileEnvelope.Wrap(FileKind.Classifier, MessagePackSerializer.Serialize(new ClassifierFileModel
        {
            Dataset = model.Dataset,
            Network = "conv",
            Sizes = model.Shape,
            Family = "dense",
            ConvKind = model.Kind,
            ConvArchitecture = model.Architecture,
            Tensors = new Dictionary<string, float[]>(model.Tensors),
        }.Stamped(model.Provenance), Options));

    /// <summary>Writes <paramref name="model"/> atomically.</summary>
    public static void Save(ClassifierModel model, string path) => FileEnvelope.WriteAtomically(path, ToBytes(model));

    /// <summary>Writes a convolutional <paramref name="model"/> atomically.</summary>
    public static void Save(ConvClassifierModel model, string path) => FileEnvelope.WriteAtomically(path, ToBytes(model));

    /// <summary>Reads the model at <paramref name="path"/>, MLP or convolutional (exactly one of the two is set).</summary>
    /// <exception cref="ClassifierFileException">Missing, unreadable, another kind of file, or invalid.</exception>
    public static (ClassifierModel? Mlp, ConvClassifierModel? Conv) LoadAny(string path)
    {
        try
        {
            return AnyFromBytes(FileEnvelope.ReadFile(path, FileKind.Classifier, MaxBytes), path);
        }
        catch (EnvelopeException e)
        {
            throw new ClassifierFileException(e.Message, e);
        }
    }

    /// <summary>Reads and validates the model at <paramref name="path"/>.</summary>
    /// <exception cref="ClassifierFileException">Missing, unreadable, another kind of file, or invalid.</exception>
    public static ClassifierModel Load(string path)
    {
        try
        {
            return FromBytes(FileEnvelope.ReadFile(path, FileKind.Classifier, MaxBytes), path);
        }
        catch (EnvelopeException e)
        {
            throw new ClassifierFileException(e.Message, e);
        }
    }

    /// <summary>Validates and decodes model-file bytes; <paramref name="name"/> names the source in errors.</summary>
    public static ClassifierModel FromBytes(ReadOnlySpan<byte> bytes, string name) => FromModel(Decode(bytes, name), name);

    /// <summary>Validates and decodes model-file bytes of either network kind (exactly one of the two is set).</summary>
    public static (ClassifierModel? Mlp, ConvClassifierModel? Conv) AnyFromBytes(ReadOnlySpan<byte> bytes, string name)
    {
        var m = Decode(bytes, name);
        return m.Network == "conv" ? (null, FromConvModel(m, name)) : (FromModel(m, name), null);
    }

    /// <summary>Validates and decodes the bytes of a convolutional model file.</summary>
    public static ConvClassifierModel ConvFromBytes(ReadOnlySpan<byte> bytes, string name) => FromConvModel(Decode(bytes, name), name);

    private static ClassifierFileModel Decode(ReadOnlySpan<byte> bytes, string name)
    {
        ClassifierFileModel? m;
        try
        {
            m = MessagePackSerializer.Deserialize<ClassifierFileModel>(FileEnvelope.Unwrap(bytes, FileKind.Classifier, name).ToArray(), Options);
        }
        catch (EnvelopeException e)
        {
            throw new ClassifierFileException(e.Message, e);
        }
        catch (MessagePackSerializationException e)
        {
            throw new ClassifierFileException($"classifier model file {Quoted.Value(name)} has an unreadable payload: {Quoted.Message(e.Message)}", e);
        }
        return m ?? throw new ClassifierFileException($"classifier model file {Quoted.Value(name)} has an empty payload");
    }

    private static ConvClassifierModel FromConvModel(ClassifierFileModel m, string name)
    {
        ClassifierFileException Fail(string what) => new($"classifier model file {Quoted.Value(name)}: {what}");
        if (string.IsNullOrWhiteSpace(m.Dataset) || m.Dataset.Length > 100)
        {
            throw Fail("missing or invalid dataset name");
        }
        if (m.Network != "conv")
        {
            throw Fail($"network kind {Quoted.Value(m.Network)} is not a convolutional one");
        }
        if (string.IsNullOrWhiteSpace(m.ConvKind) || string.IsNullOrWhiteSpace(m.ConvArchitecture))
        {
            throw Fail("a conv model names no network family or architecture");
        }
        if (m.Sizes is not { Length: 4 } shape || shape.Any(v => v <= 0))
        {
            throw Fail("a conv model needs its image shape and classes (4 positive sizes)");
        }
        if (m.Tensors is not { Count: > 0 } tensors || tensors.Any(t => t.Value is null || t.Value.Any(v => !float.IsFinite(v))))
        {
            throw Fail("a conv model has no parameters or a non-finite value");
        }
        var provenance = ProvenanceOf(m, Fail);
        return new ConvClassifierModel
        {
            Dataset = m.Dataset,
            Kind = m.ConvKind,
            Architecture = m.ConvArchitecture,
            Shape = shape,
            Tensors = tensors,
            Provenance = provenance,
        };
    }

    private static ClassifierModel FromModel(ClassifierFileModel m, string name)
    {
        ClassifierFileException Fail(string what) => new($"classifier model file {Quoted.Value(name)}: {what}");
        if (string.IsNullOrWhiteSpace(m.Dataset) || m.Dataset.Length > 100)
        {
            throw Fail("missing or invalid dataset name");
        }
        if (m.Network != "mlp")
        {
            throw Fail(m.Network == "conv" ? "a convolutional model (read it with LoadAny)" : $"unknown network kind {Quoted.Value(m.Network)}");
        }
        if (m.Sizes is not { Length: >= 2 } sizes)
        {
            throw Fail("missing layer sizes");
        }
        if (Activations.Parse(m.Activation) is not { } activation)
        {
            throw Fail($"unknown activation {Quoted.Value(m.Activation)}");
        }
        MlpArchitecture architecture;
        try
        {
            architecture = new MlpArchitecture(sizes[0], sizes[1..^1], sizes[^1], m.Bias, activation);
        }
        catch (ArgumentException e)
        {
            throw Fail($"invalid network shape: {Quoted.Message(e.Message)}");
        }
        var family = m.Family switch
        {
            "supermask" => PolicyFamily.Supermask,
            "dense" => PolicyFamily.Dense,
            _ => throw Fail($"unknown family {Quoted.Value(m.Family)}"),
        };
        bool[]? mask = null;
        float[]? parameters = null;
        var init = WeightInit.Uniform;
        if (family == PolicyFamily.Supermask)
        {
            if (architecture.Bias || m.Parameters is not null)
            {
                throw Fail("a supermask model has no biases and stores no dense parameters");
            }
            if (!Enum.TryParse(m.Init, ignoreCase: false, out init) || !Enum.IsDefined(init))
            {
                throw Fail($"unknown weight initialisation {Quoted.Value(m.Init)}");
            }
            int bytesNeeded = (architecture.WeightCount + 7) / 8;
            if (m.MaskBits is null || m.MaskBits.Length != bytesNeeded)
            {
                throw Fail($"mask has {m.MaskBits?.Length ?? 0} bytes, the network needs {bytesNeeded}");
            }
            mask = MaskBits.Unpack(m.MaskBits, architecture.WeightCount);
        }
        else
        {
            if (m.MaskBits is not null || m.Parameters is null || m.Parameters.Length != architecture.ParameterCount)
            {
                throw Fail($"dense parameters have {m.Parameters?.Length ?? 0} values, the network needs {architecture.ParameterCount}");
            }
            foreach (float v in m.Parameters)
            {
                if (!float.IsFinite(v))
                {
                    throw Fail("dense parameters contain a non-finite value");
                }
            }
            parameters = m.Parameters;
        }
        var provenance = ProvenanceOf(m, Fail);
        return new ClassifierModel
        {
            Dataset = m.Dataset,
            Architecture = architecture,
            Family = family,
            Init = init,
            WeightSeed = m.WeightSeed,
            Mask = mask,
            Parameters = parameters,
            Provenance = provenance,
        };
    }

    /// <summary>The provenance fields of <paramref name="m"/>, checked (the same for every network kind).</summary>
    private static ArtifactProvenance ProvenanceOf(ClassifierFileModel m, Func<string, ClassifierFileException> fail)
    {
        if (m.Generation < 0 || m.Samples < 0)
        {
            throw fail("negative generation or sample count in provenance");
        }
        return new ArtifactProvenance
        {
            Config = m.Config ?? "{}",
            Algorithm = m.Algorithm ?? "",
            Seed = m.Seed,
            Generation = m.Generation,
            Fitness = m.Fitness,
            Validation = double.IsNaN(m.Validation) ? null : m.Validation,
            Work = m.Samples,
            Producer = m.Producer ?? "",
        };
    }

    /// <summary>Copies <paramref name="provenance"/> into the payload's provenance fields.</summary>
    private static ClassifierFileModel Stamped(this ClassifierFileModel m, ArtifactProvenance provenance)
    {
        m.Config = provenance.Config;
        m.Algorithm = provenance.Algorithm;
        m.Seed = provenance.Seed;
        m.Generation = provenance.Generation;
        m.Fitness = provenance.Fitness;
        m.Validation = provenance.Validation ?? double.NaN;
        m.Samples = provenance.Work;
        m.Producer = provenance.Producer;
        return m;
    }
}
