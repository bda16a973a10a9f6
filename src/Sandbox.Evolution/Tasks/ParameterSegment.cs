namespace Sandbox.Evolution.Tasks;

/// <summary>
/// A contiguous run of parameters: one layer's weights (with its fan-in and layer number, so initial
/// values can be scaled and drawn from per-layer streams) or one layer's biases.
/// </summary>
public readonly record struct ParameterSegment(int Offset, int Length, int Layer, int FanIn, bool IsBias);
