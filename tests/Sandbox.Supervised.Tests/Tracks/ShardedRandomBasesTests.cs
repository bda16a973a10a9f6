using Sandbox.Evolution.Evaluation;
using Sandbox.Supervised.Tracks;
using Sandbox.Supervised.Tracks.RandomBases;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tests.Tracks;

public sealed class ShardedRandomBasesTests
{
    private static readonly RandomBasesTrack Track = new();

    private static TrackConfig Small(int shards) => Track.Defaults("cpu", "mnist") with
    {
        Shards = shards,
        Directions = 24,
        Epochs = 1,
        TrainLimit = 320,
        TestLimit = 200,
        Threads = 1,
        Seed = 11,
    };

    private static float[] Train(ITrackTrainer trainer)
    {
        var stats = trainer.TrainEpoch(0, null, CancellationToken.None);
        Assert.True(stats.Completed);
        return trainer.ExportState().Arrays["theta"];
    }

    [Fact]
    public void One_shard_through_the_engine_contract_is_the_single_worker_trainer_bit_for_bit()
    {
        var config = Small(1);
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        using var single = new RandomBasesTrainer(config, data);
        using var sharded = new ShardedRandomBasesTrainer(config, data, task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu), null);
        var initial = single.Parameters();
        var expected = Train(single);
        Assert.Contains(Enumerable.Range(0, initial.Length), i => initial[i] != expected[i]);
        Assert.Equal(expected, Train(sharded));
    }

    [Fact]
    public void Workers_draw_disjoint_bases_and_all_of_them_move_theta()
    {
        var config = Small(2);
        var data = TrackData.From(TrackTestData.LoadMnist(), config);
        using var two = Track.CreateTrainer(config, data);
        Assert.IsType<ShardedRandomBasesTrainer>(two);
        using var one = new ShardedRandomBasesTrainer(config with { Shards = 1, BatchSize = 16 }, data, task => new InProcessEvaluator(task, 1, ComputeDevice.Cpu), null);
        // Two workers on 16 examples each move θ differently from one worker on the first 16 (its own base only).
        Assert.NotEqual(Train(one), Train(two));
        using var task = new ShardedRandomBasesTask(config, data);
        var worker0 = new float[24];
        var worker1 = new float[24];
        var gradient = Enumerable.Range(0, task.Theta.Length).Select(i => (float)Math.Sin(i)).ToArray();
        task.Basis(0, 1).Coordinates(gradient, worker0);
        task.Basis(1, 1).Coordinates(gradient, worker1);
        Assert.NotEqual(worker0, worker1);
    }

    [Fact]
    public void Shards_need_rbd_and_a_divisible_batch()
    {
        Assert.Empty(Track.Validate(Small(4)));
        Assert.NotEmpty(Track.Validate(Small(5)));
        Assert.NotEmpty(Track.Validate(Small(2) with { Method = RandomBasesTrack.FpdMethod }));
        Assert.NotEmpty(Track.Validate(Small(0)));
    }
}
