using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class ThreadingTests
{
    [Fact]
    public async Task Worlds_on_different_threads_give_identical_results()
    {
        static BodyState Run()
        {
            using var world = new Box2DWorld(TestWorlds.Gravity);
            TestWorlds.AddGround(world);
            BodyId box = TestWorlds.AddDynamicBox(world, new Vector2(0.2f, 3f));
            world.ApplyTorque(box, 5f, wake: true);
            world.Step(100);
            return world.GetState(box);
        }

        BodyState[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Run)));

        Assert.All(results, r => Assert.Equal(results[0], r));
    }
}
