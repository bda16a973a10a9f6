using Sandbox.Cli.Commands;
using Sandbox.Cli.Composition;
using Sandbox.Core.Environments;
using Sandbox.Core.Files;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Runs;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies.Files;
using Sandbox.Tensors.Devices;
using Sandbox.Tests.Shared;

namespace Sandbox.Cli.Tests.Fuzzing;

/// <summary>
/// Thousands of damaged inputs through the code the CLI runs on them. Damage goes inside the file container
/// (the checksum recomputed), so the MessagePack payload and every field it decodes are attacked, not just the
/// checksum. Each input must either work or be refused with an error the CLI reports as one line of bad input
/// (<see cref="Program.Describe"/>); nothing may allocate more than a bound or fail to answer.
/// </summary>
public sealed class DamagedInputFuzzTests
{
    private const long AllocationBound = 256L * 1024 * 1024;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    private static readonly EnvironmentRegistry Registry = EnvironmentCatalog.Create();
    private static readonly TaskRegistry Tasks = TaskCatalog.Create(Registry);

    /// <summary>What happened to a fuzz campaign's inputs.</summary>
    private sealed class Campaign(string kind)
    {
        public int Accepted { get; private set; }
        public int Refused { get; private set; }
        public long MaxAllocated { get; private set; }
        public List<string> Failures { get; } = [];

        public void Feed(string input, Action body)
        {
            var attempt = Task.Run(() =>
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Exception? error = null;
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    error = e;
                }
                return (Error: error, Allocated: GC.GetTotalAllocatedBytes(precise: true) - before);
            });
            if (!attempt.Wait(CaseTimeout))
            {
                Failures.Add($"{kind} {input}: no answer within {CaseTimeout.TotalSeconds} s");
                return;
            }
            var (error, allocated) = attempt.Result;
            MaxAllocated = Math.Max(MaxAllocated, allocated);
            if (allocated > AllocationBound)
            {
                Failures.Add($"{kind} {input}: allocated {allocated:N0} bytes");
            }
            if (error is null)
            {
                Accepted++;
            }
            else if (Program.Describe(error) is { } line)
            {
                Refused++;
                if (line.Contains('\n') || line.Length > 2000)
                {
                    Failures.Add($"{kind} {input}: refusal is not one short line ({line.Length} characters)");
                }
            }
            else
            {
                Failures.Add($"{kind} {input}: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}");
            }
        }

        public void AssertClean(int inputs)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{kind}s: {Accepted} accepted, {Refused} refused, {Failures.Count} failures, at most {MaxAllocated:N0} bytes allocated by one");
            Assert.True(Failures.Count == 0, $"{Failures.Count} of {inputs} damaged {kind}s were not handled cleanly:\n" + string.Join("\n", Failures.Take(20)));
            Assert.Equal(inputs, Accepted + Refused);
            // Both outcomes must occur, or the campaign did not exercise the decoder.
            Assert.True(Refused > 0 && Accepted > 0, $"{kind}s: {Accepted} accepted, {Refused} refused");
        }
    }

    [Fact]
    public void Two_thousand_damaged_policy_files_are_replayed_or_refused_in_one_line()
    {
        (string Name, byte[] Payload)[] bases = [.. new[] { "cartpole-mask", "cartpole-mask", "cartpole-mask", "lunarlander-continuous-mask", "bipedalwalker-es" }
            .Select(name =>
            {
                string path = Path.Combine(CliProcess.RepoRoot, "policies", name + ".policy");
                return (name, FileEnvelope.Unwrap(File.ReadAllBytes(path), FileKind.Policy, path).ToArray());
            })];
        var rng = new Random(20261202);
        var campaign = new Campaign("policy file");
        const int inputs = 2000;
        for (int i = 0; i < inputs; i++)
        {
            var (name, payload) = bases[rng.Next(bases.Length)];
            // Most damage is inside the container (checksum recomputed); some hits the container itself.
            byte[] file = rng.Next(10) == 0
                ? InputMutator.Mutate(FileEnvelope.Wrap(FileKind.Policy, payload), rng)
                : FileEnvelope.Wrap(FileKind.Policy, InputMutator.Mutate(payload, rng));
            campaign.Feed($"#{i} (from {name})", () => Replay(file));
        }
        campaign.AssertClean(inputs);
    }

    /// <summary>What <c>sandbox replay FILE --episodes 1</c> does with the file's bytes.</summary>
    private static void Replay(byte[] file)
    {
        var policy = PolicyFile.FromBytes(file, "fuzz.policy");
        var env = Registry.Get(policy.EnvId);
        if (PolicyReplay.Incompatibility(policy, env) is { } reason)
        {
            throw new UsageException(reason);
        }
        PolicyReplay.Run(policy, env, 1, 123, ComputeDevice.Cpu);
    }

    [Fact]
    public void A_dense_policy_whose_weights_overflow_is_refused_as_bad_input_naming_the_step()
    {
        var policy = PolicyFile.Load(Path.Combine(CliProcess.RepoRoot, "policies", "bipedalwalker-es.policy"));
        var rng = new Random(5);
        var huge = policy with { Parameters = Array.ConvertAll(policy.Parameters!, _ => rng.Next(2) == 0 ? 3.4e38f : -3.4e38f) };
        var e = Assert.Throws<NonFiniteActionException>(() => PolicyReplay.Run(huge, Registry.Get(policy.EnvId), 1, 123, ComputeDevice.Cpu));
        Assert.Equal(1, e.Step);
        Assert.Contains("non-finite action at step 1", Program.Describe(e));
    }

    [Fact]
    public void Five_hundred_damaged_checkpoints_resume_or_are_refused_in_one_line()
    {
        string[] bases = [ResumableRun("supermask"), ResumableRun("es")];
        var rng = new Random(1202);
        var campaign = new Campaign("checkpoint");
        const int inputs = 500;
        for (int i = 0; i < inputs; i++)
        {
            string source = bases[rng.Next(bases.Length)];
            byte[] payload = FileEnvelope.Unwrap(File.ReadAllBytes(Path.Combine(source, CheckpointStore.FileName)), FileKind.Checkpoint, "base").ToArray();
            byte[] file = rng.Next(10) == 0
                ? InputMutator.Mutate(FileEnvelope.Wrap(FileKind.Checkpoint, payload), rng)
                : FileEnvelope.Wrap(FileKind.Checkpoint, InputMutator.Mutate(payload, rng));
            string directory = Path.Combine(Path.GetTempPath(), "sandbox-fuzz", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                foreach (string name in new[] { "config.json", "metrics.jsonl" })
                {
                    File.Copy(Path.Combine(source, name), Path.Combine(directory, name));
                }
                File.WriteAllBytes(Path.Combine(directory, CheckpointStore.FileName), file);
                campaign.Feed($"#{i} (from {Path.GetFileName(source)})", () =>
                {
                    // What `sandbox evolve --resume DIR --workers 0` does: read the checkpoint, reopen the run, finish it.
                    CheckpointStore.Load(directory);
                    using var run = EvolutionRun.Resume(directory, Tasks);
                    run.Run();
                });
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        campaign.AssertClean(inputs);
    }

    /// <summary>A small run stopped after 2 of its 4 generations, with observation statistics in its task state.</summary>
    private static string ResumableRun(string algorithm)
    {
        var config = new RunConfig
        {
            Algorithm = algorithm,
            Seed = 8,
            Generations = 2,
            Population = 8,
            Episodes = 1,
            Policy = new PolicyConfig { Hidden = [4] },
            Control = new ControlConfig { ObservationNormalization = true },
            Evaluation = new EvaluationConfig { ValidationEpisodes = 2, StopAtTarget = false, Threads = 1 },
            CheckpointEvery = 1,
        };
        string directory = Path.Combine(Path.GetTempPath(), "sandbox-fuzz", algorithm + "-" + Guid.NewGuid().ToString("N"));
        using (var run = new EvolutionRun(config, Tasks, directory))
        {
            run.Run();
        }
        var longer = config with { Generations = 4 };
        File.WriteAllText(Path.Combine(directory, "config.json"), RunConfigFile.ToJson(longer));
        var checkpoint = CheckpointStore.Load(directory);
        checkpoint.ConfigJson = RunConfigFile.ToJson(EvolutionRun.ProvenanceConfig(longer), indented: false);
        CheckpointStore.Save(directory, checkpoint);
        return directory;
    }

    [Fact]
    public void Three_hundred_malformed_configs_resolve_or_are_refused_in_one_line()
    {
        string[] bases = [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "configs"), "*.json").Order().Select(File.ReadAllText)];
        var rng = new Random(300);
        var campaign = new Campaign("config");
        string directory = Path.Combine(Path.GetTempPath(), "sandbox-fuzz", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        const int inputs = 300;
        for (int i = 0; i < inputs; i++)
        {
            string path = Path.Combine(directory, $"fuzz-{i}.json");
            File.WriteAllText(path, InputMutator.MutateJson(bases[rng.Next(bases.Length)], rng));
            campaign.Feed($"#{i} ({path})", () =>
            {
                // What `sandbox evolve --config FILE` does before it creates anything.
                var parse = EvolveCommand.Create(Tasks).Parse(["--config", path]);
                var (config, _) = EvolveCommand.ResolveConfig(parse, Tasks);
                Tasks.TryGet(config.Task, out var factory);
                _ = factory.Describe(config);
            });
        }
        Directory.Delete(directory, recursive: true);
        campaign.AssertClean(inputs);
    }
}
