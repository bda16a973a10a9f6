namespace Sandbox.Tensors.Networks;

/// <summary>The nonlinearity of a network's hidden layers.</summary>
public enum Activation
{
    /// <summary>tanh (control policies' default).</summary>
    Tanh,
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>1 / (1 + e^−x).</summary>
    Sigmoid,
}
