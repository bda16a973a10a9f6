namespace Sandbox.Tensors.Networks;

/// <summary>Names of <see cref="Activation"/> values as configs and files spell them.</summary>
public static class Activations
{
    /// <summary>Parses <c>tanh</c>, <c>relu</c> or <c>sigmoid</c>; null for anything else.</summary>
    public static Activation? Parse(string? name) => name switch
    {
        "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        "sigmoid" => Activation.Sigmoid,
        _ => null,
    };

    /// <summary>The config spelling of <paramref name="activation"/>.</summary>
    public static string Name(Activation activation) => activation switch
    {
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        Activation.Sigmoid => "sigmoid",
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
