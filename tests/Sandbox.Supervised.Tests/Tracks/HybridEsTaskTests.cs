using Sandbox.Evolution.Candidates;
using Sandbox.Evolution.Evaluation;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.HybridEs;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tests.Tracks;

/// <summary>Hybrid-ES as an engine task (the form <c>--workers N</c> runs): replicas in lockstep, and the same θ as the batched trainer.</summary>
public sealed class HybridEsTaskTests
{
    private static readonly HybridEsTrack Track = new();

    private static TrackConfig Small(int interval = 2) => Track.Defaults("cpu", "mnist") with
    {
        BatchSize = 200,
        TrainLimit = 2000,
        TestLimit = 200,
        Interval = interval,
        Trials = 6,
        Epochs = 1,
        Seed = 3,
    };

    private static GenerationTask Plan(HybridEsTask task, int generation) => new()
    {
        Generation = generation,
        Bases = [],
        Context = task.TrainingContext(generation),
        Candidates = [.. Enumerable.Range(0, task.Config.Trials).Select(k => new CandidateDescriptor(k, parent: -1))],
    };

    [Fact]
    public void The_engine_form_in_process_reproduces_the_batched_trainer_bit_for_bit()
    {
        var config = Small();
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        using var batched = new HybridEsTrainer(config, data);
        using var engine = new HybridEsWorkerTrainer(config, data, task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu), null);
        var initial = batched.Parameters();
        Assert.True(batched.TrainEpoch(0, null, CancellationToken.None).Completed);
        var stats = engine.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        Assert.Equal(5, stats.Extra["stochastic_steps"]);
        Assert.Equal(batched.LastChoice, engine.LastChoice);
        var expected = batched.Parameters();
        Assert.Contains(Enumerable.Range(0, initial.Length), i => initial[i] != expected[i]);
        Assert.Equal(expected, engine.Parameters());
    }

    [Fact]
    public void An_engine_run_resumed_from_an_epoch_checkpoint_ends_as_the_uninterrupted_one()
    {
        var config = Small(interval: 3) with { Epochs = 2 }; // 10 iterations per epoch: epoch 1 starts mid-cycle
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        HybridEsWorkerTrainer Engine() => new(config, data, task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu), null);
        using var whole = Engine();
        using var first = Engine();
        using var resumed = Engine();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            Assert.True(whole.TrainEpoch(epoch, null, CancellationToken.None).Completed);
        }
        Assert.True(first.TrainEpoch(0, null, CancellationToken.None).Completed);
        resumed.ImportState(first.ExportState());
        Assert.True(resumed.TrainEpoch(1, null, CancellationToken.None).Completed);
        Assert.Equal(whole.LastChoice, resumed.LastChoice);
        Assert.Equal(whole.Parameters(), resumed.Parameters());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Generations_are_the_stochastic_iterations_in_order(int interval)
    {
        var config = Small(interval);
        using var task = new HybridEsTask(config, TrackData.From(TrackTestData.LoadMnist(), config));
        int generation = 0;
        for (long i = 0; i < 60; i++)
        {
            Assert.Equal(generation, task.StochasticBefore(i));
            Assert.Equal(i % interval == 0, task.IsFull(i));
            if (!task.IsFull(i))
            {
                Assert.Equal(i, task.IterationOf(generation));
                generation++;
            }
        }
    }

    [Fact]
    public void A_replica_replays_the_full_steps_and_a_replica_out_of_step_stops_the_commit()
    {
        var config = Small();
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        using var run = new HybridEsTask(config, data);
        using var replica = new HybridEsTask(config, data, replica: true);
        run.FullStep(); // iteration 0; the replica has not taken it
        using (var evaluator = replica.CreateEvaluator(1, ComputeDevice.Cpu))
        {
            var results = evaluator.Evaluate(Plan(run, 0), TestContext.Current.CancellationToken); // the replica catches up, then scores iteration 1's trials
            run.Commit(results);
            replica.Commit(results); // and takes full step 2 at once
        }
        Assert.Equal(3, replica.Iteration);
        run.FullStep();
        Assert.Equal(run.ExportState(), replica.ExportState());

        // A replica whose θ differs in one bit returns results the run refuses to commit.
        var state = replica.ExportState();
        state[8] ^= 1;
        using var stray = new HybridEsTask(config, data, replica: true);
        stray.ImportState(state);
        using var strayEvaluator = stray.CreateEvaluator(1, ComputeDevice.Cpu);
        var strayResults = strayEvaluator.Evaluate(Plan(run, 1), TestContext.Current.CancellationToken);
        var error = Assert.Throws<InvalidDataException>(() => run.Commit(strayResults));
        Assert.Contains("differ", error.Message);
    }

    [Fact]
    public void Workers_need_the_search_method_with_stochastic_iterations_and_several_trials()
    {
        Assert.Empty(HybridEsTrack.WorkerProblems(Small()));
        Assert.NotEmpty(HybridEsTrack.WorkerProblems(Small() with { Method = HybridEsTrack.ReferenceMethod }));
        Assert.NotEmpty(HybridEsTrack.WorkerProblems(Small() with { Method = HybridEsTrack.ReuseMethod }));
        Assert.NotEmpty(HybridEsTrack.WorkerProblems(Small(interval: 1)));
        Assert.NotEmpty(HybridEsTrack.WorkerProblems(Small() with { Trials = 1 }));
    }
}
