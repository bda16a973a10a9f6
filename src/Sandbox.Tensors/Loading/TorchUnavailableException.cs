namespace Sandbox.Tensors.Loading;

/// <summary>libtorch could not be loaded or the requested device is not present; the message says what to do.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
