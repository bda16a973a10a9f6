using System.Diagnostics;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Runs;

namespace Sandbox.Evolution.Tests.Runs;

/// <summary>
/// Damaged checkpoints with a valid container (the checksum recomputed, as an attacker or a buggy tool would)
/// are refused with one message naming the checkpoint, never accepted to change the run.
/// </summary>
public sealed class CheckpointValidationTests
{
    private static readonly RunConfig Config = new()
    {
        Algorithm = "supermask",
        Seed = 3,
        Generations = 4,
        Population = 8,
        Episodes = 1,
        Policy = new PolicyConfig { Hidden = [4] },
        Evaluation = new EvaluationConfig { ValidationEpisodes = 2, StopAtTarget = false, Threads = 1 },
        CheckpointEvery = 1,
    };

    private static readonly Lazy<string> Finished = new(() =>
    {
        string directory = TestEnvironments.TempDirectory();
        using var run = new EvolutionRun(Config with { Generations = 2 }, TestEnvironments.Tasks, directory);
        run.Run();
        // Resumable: the same run with more generations to go.
        File.WriteAllText(Path.Combine(directory, "config.json"), RunConfigFile.ToJson(Config));
        var checkpoint = CheckpointStore.Load(directory);
        checkpoint.ConfigJson = RunConfigFile.ToJson(EvolutionRun.ProvenanceConfig(Config), indented: false);
        CheckpointStore.Save(directory, checkpoint);
        return directory;
    });

    /// <summary>A copy of the finished run with its checkpoint changed by <paramref name="damage"/> and saved in a valid container.</summary>
    private static string Damaged(Action<RunCheckpoint> damage)
    {
        string directory = TestEnvironments.TempDirectory();
        foreach (var file in Directory.GetFiles(Finished.Value))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
        var checkpoint = CheckpointStore.Load(directory);
        damage(checkpoint);
        CheckpointStore.Save(directory, checkpoint);
        return directory;
    }

    private static void AssertRefused(string directory, string mentions)
    {
        var e = Assert.Throws<ConfigException>(() => EvolutionRun.Resume(directory, TestEnvironments.Tasks).Dispose());
        Assert.Contains("checkpoint", e.Message);
        Assert.Contains(mentions, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void The_undamaged_checkpoint_resumes()
    {
        using var run = EvolutionRun.Resume(Finished.Value, TestEnvironments.Tasks);
        Assert.Equal(2, run.StartGeneration);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1)]
    public void Elapsed_seconds_out_of_range(double seconds) =>
        AssertRefused(Damaged(c => c.ElapsedSeconds = seconds), "elapsed");

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Best_validation_not_a_score(double validation) =>
        AssertRefused(Damaged(c => c.BestValidation = validation), "best validation");

    [Fact]
    public void Elites_that_are_not_finite() =>
        AssertRefused(Damaged(c =>
        {
            var state = AlgorithmStateCodec.Decode<SupermaskState>(c.AlgorithmState, "supermask");
            Array.Fill(state.Elites[0], float.NaN);
            c.AlgorithmState = AlgorithmStateCodec.Encode(state);
        }), "supermask state");

    [Fact]
    public void A_generation_that_disagrees_with_the_algorithm_state() =>
        AssertRefused(Damaged(c => c.Generation = 999), "generation");

    [Fact]
    public void A_generation_beyond_the_run_even_with_a_matching_algorithm_state() =>
        AssertRefused(Damaged(c =>
        {
            var state = AlgorithmStateCodec.Decode<SupermaskState>(c.AlgorithmState, "supermask");
            state.Generation = 999;
            c.AlgorithmState = AlgorithmStateCodec.Encode(state);
            c.Generation = 999;
        }), "beyond");

    [Fact]
    public void A_checkpoint_of_another_environment() =>
        AssertRefused(Damaged(c => c.ConfigJson = RunConfigFile.ToJson(EvolutionRun.ProvenanceConfig(Config with { Env = "Acrobot-v1" }), indented: false)),
            "no longer matches");

    [Fact]
    public void A_best_policy_of_another_environment()
    {
        string lander = Path.Combine(RepoRoot(), "policies", "lunarlander-mask.policy");
        AssertRefused(Damaged(c =>
        {
            c.BestArtifact = File.ReadAllBytes(lander);
            c.BestValidation = 1;
        }), "checkpoint");
    }

    [Fact]
    public void A_last_validated_champion_of_another_size() =>
        AssertRefused(Damaged(c => c.LastValidated = [1f, 2f, 3f]), "champion");

    [Fact]
    public void A_checkpoint_that_is_a_fifo_is_refused_without_blocking()
    {
        string directory = Damaged(_ => { });
        string path = Path.Combine(directory, CheckpointStore.FileName);
        File.Delete(path);
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        AssertRefused(directory, "not a regular file");
    }

    [Fact]
    public void A_checkpoint_linking_to_dev_zero_is_refused_without_reading_it()
    {
        string directory = Damaged(_ => { });
        string path = Path.Combine(directory, CheckpointStore.FileName);
        File.Delete(path);
        File.CreateSymbolicLink(path, "/dev/zero");
        AssertRefused(directory, "not a regular file");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sandbox.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("tests must run inside the repository");
    }
}
