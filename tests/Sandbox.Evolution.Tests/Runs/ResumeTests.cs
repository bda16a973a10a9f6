using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;

namespace Sandbox.Evolution.Tests.Runs;

public sealed class ResumeTests
{
    [Theory]
    [InlineData("supermask", 3)]
    [InlineData("es", 4)]
    [InlineData("pgpe", 3)]
    [InlineData("snes", 4)]
    [InlineData("cmaes", 3)]
    [InlineData("ga", 4)]
    public void Interrupted_and_resumed_run_ends_byte_identical(string algorithm, int stopAfter)
    {
        var config = new RunConfig
        {
            Algorithm = algorithm,
            Seed = 21,
            Generations = 8,
            Population = 16,
            Episodes = 2,
            Policy = new PolicyConfig { Hidden = [8] },
            Control = new ControlConfig { ObservationNormalization = true },
            Evaluation = new EvaluationConfig { ValidationEpisodes = 4, StopAtTarget = false, Threads = 1 },
            CheckpointEvery = 5,
        };
        string straightDir = TestEnvironments.TempDirectory();
        using (var straight = new EvolutionRun(config, TestEnvironments.Tasks, straightDir))
        {
            straight.Run(cancellation: TestContext.Current.CancellationToken);
        }

        string interruptedDir = TestEnvironments.TempDirectory();
        using var stop = new CancellationTokenSource();
        using (var first = new EvolutionRun(config, TestEnvironments.Tasks, interruptedDir))
        {
            var partial = first.Run(new Progress(r =>
            {
                if (r.Outcome.Generation + 1 == stopAfter)
                {
                    stop.Cancel();
                }
            }), stop.Token);
            Assert.True(partial.Interrupted);
            Assert.Equal(stopAfter, partial.Generations);
        }
        using (var resumed = EvolutionRun.Resume(interruptedDir, TestEnvironments.Tasks,
            c => c with { Evaluation = c.Evaluation with { Threads = 2 } }))
        {
            Assert.Equal(stopAfter, resumed.StartGeneration);
            var result = resumed.Run(cancellation: TestContext.Current.CancellationToken);
            Assert.False(result.Interrupted);
            Assert.Equal(8, result.Generations);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(straightDir, "policy.policy")), File.ReadAllBytes(Path.Combine(interruptedDir, "policy.policy")));
        Assert.Equal(
            File.ReadAllLines(Path.Combine(straightDir, "metrics.jsonl")).Select(DeterminismTests.ResultFields),
            File.ReadAllLines(Path.Combine(interruptedDir, "metrics.jsonl")).Select(DeterminismTests.ResultFields));
    }

    [Fact]
    public void Resuming_a_directory_without_a_checkpoint_is_a_clear_error()
    {
        var e = Assert.Throws<ConfigException>(() => EvolutionRun.Resume(TestEnvironments.TempDirectory(), TestEnvironments.Tasks));
        Assert.Contains("checkpoint", e.Message);
    }

    private sealed class Progress(Action<GenerationReport> handler) : IProgress<GenerationReport>
    {
        public void Report(GenerationReport value) => handler(value);
    }
}
