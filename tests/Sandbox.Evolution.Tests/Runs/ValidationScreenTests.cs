using System.Text.Json;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Runs;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Files;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Tests.Runs;

/// <summary>
/// The short screen before a full validation decides only whether the full one runs: a screen's score is never
/// recorded as a validation nor chosen as the best policy (a BipedalWalker run chose a screen of 10 episodes at
/// 309.6 whose policy replays 240 over 100).
/// </summary>
public sealed class ValidationScreenTests
{
    private const double Target = 1000; // above CartPole's 500, so only the doctored screens come near it
    private const int Full = 20;
    private const int Screen = 5;

    [Fact]
    public void A_screen_that_falls_short_of_the_target_is_neither_a_validation_nor_the_saved_policy()
    {
        var config = new RunConfig
        {
            Algorithm = "es",
            Seed = 5,
            Generations = 12,
            Population = 16,
            Episodes = 2,
            Policy = new PolicyConfig { Hidden = [8] },
            Evaluation = new EvaluationConfig { ValidationEpisodes = Full, ValidateEvery = 4, Target = Target },
        };
        var tasks = new TaskRegistry().Add(new ScreenedFactory(new ControlTaskFactory(TestEnvironments.Registry)));
        string dir = TestEnvironments.TempDirectory();
        ScreenedFactory.Screens = 0;
        using var run = new EvolutionRun(config, tasks, dir);
        var result = run.Run(cancellation: TestContext.Current.CancellationToken);

        Assert.True(ScreenedFactory.Screens > 0, "no screen ran");
        var validations = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("validation", out var v) && v.ValueKind == JsonValueKind.Number)
            .Select(e => e.GetProperty("validation").GetDouble()).ToArray();
        Assert.NotEmpty(validations);
        Assert.All(validations, v => Assert.True(v <= 500, $"validation {v} is a screen's score"));
        Assert.False(result.Solved);
        Assert.Equal(validations.Max(), result.Validation);
        // The saved policy replayed on the full validation seeds scores what was recorded: it is a fully validated champion.
        using var task = new ControlTask(config, TestEnvironments.Registry);
        var replay = PolicyReplay.Run(PolicyFile.Load(result.ArtifactPath), TestEnvironments.Registry.Get("CartPole-v1"), task.ValidationContext(Full).Seeds, ComputeDevice.Cpu);
        Assert.Equal(result.Validation, replay.MeanReturn);
    }

    /// <summary>CartPole whose training results always look solved and whose screens score just under the target.</summary>
    private sealed class ScreenedFactory(ITaskFactory inner) : ITaskFactory
    {
        public static int Screens;

        public string Kind => inner.Kind;
        public IEnumerable<string> Validate(RunConfig config) => inner.Validate(config);
        public string Describe(RunConfig config) => inner.Describe(config);
        public void Prepare(RunConfig config) => inner.Prepare(config);
        public IEvaluationTask Create(RunConfig config) => new ScreenedTask(inner.Create(config));
    }

    private sealed class ScreenedTask(IEvaluationTask inner) : IEvaluationTask
    {
        public string Kind => inner.Kind;
        public string Id => inner.Id;
        public string Network => inner.Network;
        public SearchSpace Space => inner.Space;
        public MetricLayout Metrics => inner.Metrics;
        public double DefaultTarget => inner.DefaultTarget;
        public (int Full, int Screen) ValidationSizes => (Full, Screen);
        public IReadOnlyDictionary<string, object> Provenance => inner.Provenance;
        public string ArtifactFileName => inner.ArtifactFileName;
        public EvaluationContext TrainingContext(int generation) => inner.TrainingContext(generation);
        public EvaluationContext ValidationContext(int size) => inner.ValidationContext(size);
        public ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device) => new ScreenedEvaluator(inner.CreateEvaluator(threads, device), inner.Metrics.Validation);
        public byte[] ExportState() => inner.ExportState();
        public void ImportState(ReadOnlySpan<byte> state) => inner.ImportState(state);
        public void Commit(IReadOnlyList<CandidateResult> results) => inner.Commit(results);
        public void CheckArtifact(ReadOnlySpan<byte> artifact) => inner.CheckArtifact(artifact);
        public byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance) => inner.CreateArtifact(champion, provenance);
        public void Dispose() => inner.Dispose();
    }

    private sealed class ScreenedEvaluator(ITaskEvaluator inner, int validationMetric) : ITaskEvaluator
    {
        public CandidateResult[] Evaluate(GenerationTask task, CancellationToken cancellation = default)
        {
            var results = inner.Evaluate(task, cancellation);
            bool training = task.Context.Split == EvaluationSplit.Training;
            bool screen = !training && task.Context.Seeds.Length == Screen;
            if (screen)
            {
                Interlocked.Increment(ref ScreenedFactory.Screens);
            }
            if (training || screen)
            {
                foreach (var r in results)
                {
                    r.Metrics[validationMetric] = training ? Target : Target - 1;
                }
            }
            return results;
        }

        public double TakeBusySeconds() => inner.TakeBusySeconds();
        public void Dispose() => inner.Dispose();
    }
}
