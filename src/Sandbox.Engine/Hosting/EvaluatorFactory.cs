using Microsoft.Extensions.Logging;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Engine.Hosting;

/// <summary>Creates a run's evaluator in place of the worker pool (a cluster's, for instance); the logger writes to the run's engine log.</summary>
public delegate ICandidateEvaluator EvaluatorFactory(IEvaluationTask task, RunConfig config, ILogger log);
