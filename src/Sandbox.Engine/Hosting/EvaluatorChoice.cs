namespace Sandbox.Engine.Hosting;

/// <summary>The evaluator factory a host was given, if any (otherwise the worker pool or in-process evaluation).</summary>
public sealed record EvaluatorChoice(EvaluatorFactory? Factory);
