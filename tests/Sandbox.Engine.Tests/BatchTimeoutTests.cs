using Sandbox.Engine.Workers;

namespace Sandbox.Engine.Tests;

public sealed class BatchTimeoutTests
{
    [Fact]
    public void A_given_timeout_is_used_as_is() =>
        Assert.Equal(TimeSpan.FromSeconds(4), BatchTimeout.For(4, slowestBatchSeconds: 100));

    [Fact]
    public void Without_one_it_is_the_initial_timeout_until_a_batch_finishes() =>
        Assert.Equal(TimeSpan.FromSeconds(BatchTimeout.InitialSeconds), BatchTimeout.For(null, 0));

    [Fact]
    public void Then_it_is_ten_times_the_slowest_batch_with_a_floor()
    {
        Assert.Equal(TimeSpan.FromSeconds(BatchTimeout.FloorSeconds), BatchTimeout.For(null, 0.05));
        Assert.Equal(TimeSpan.FromSeconds(120), BatchTimeout.For(null, 12));
        Assert.True(BatchTimeout.For(null, 0.05) < TimeSpan.FromSeconds(BatchTimeout.InitialSeconds), "quick batches shorten the wait for a hung worker");
    }
}
