using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

public sealed class ContactEventTests
{
    private static List<ContactEvent> Drain(Box2DWorld world)
    {
        var all = new List<ContactEvent>();
        Span<ContactEvent> buffer = stackalloc ContactEvent[2];
        int n;
        while ((n = world.TakeContactEvents(buffer)) > 0)
        {
            for (int i = 0; i < n; i++)
            {
                all.Add(buffer[i]);
            }
        }

        return all;
    }

    [Fact]
    public void Begin_and_end_are_reported_with_the_two_body_ids()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        BodyId ground = TestWorlds.AddGround(world);
        BodyId box = TestWorlds.AddDynamicBox(world, new Vector2(0f, 1.5f));
        BodyId far = TestWorlds.AddDynamicBox(world, new Vector2(10f, 50f));

        var begins = new List<ContactEvent>();
        for (int i = 0; i < 60; i++)
        {
            world.Step();
            begins.AddRange(Drain(world));
        }

        ContactEvent begin = Assert.Single(begins);
        Assert.Equal(ContactEventKind.Begin, begin.Kind);
        Assert.True(begin.Involves(ground) && begin.Involves(box));
        Assert.False(begin.Involves(far));

        world.ApplyLinearImpulse(box, new Vector2(0f, 20f), world.GetPosition(box), wake: true);
        world.Step();
        Assert.Empty(Drain(world)); // contacts are updated at the start of a step, before the solver moves the box
        world.Step();
        ContactEvent end = Assert.Single(Drain(world));
        Assert.Equal(ContactEventKind.End, end.Kind);
        Assert.True(end.Involves(ground) && end.Involves(box));
    }

    [Fact]
    public void Events_are_taken_once_and_in_chunks()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        for (int i = 0; i < 5; i++)
        {
            TestWorlds.AddDynamicBox(world, new Vector2(i * 2f, 0.6f));
        }

        world.Step(20);
        Assert.Equal(5, world.PendingContactEventCount);
        Assert.Equal(5, Drain(world).Count); // buffer of 2: taken as 2 + 2 + 1
        Assert.Equal(0, world.PendingContactEventCount);
        Assert.Empty(Drain(world));
    }

    [Fact]
    public void Destroying_a_touching_body_records_no_event()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        BodyId box = TestWorlds.AddDynamicBox(world, new Vector2(0f, 0.5f));
        world.Step(5);
        Assert.Single(Drain(world));

        world.DestroyBody(box);
        world.Step();

        Assert.Empty(Drain(world));
    }

    [Fact]
    public void Recording_can_be_switched_off()
    {
        using var world = new Box2DWorld(TestWorlds.Gravity);
        TestWorlds.AddGround(world);
        TestWorlds.AddDynamicBox(world, new Vector2(0f, 0.5f));
        world.SetContactEventsEnabled(false);

        world.Step(5);

        Assert.Equal(0, world.PendingContactEventCount);
    }
}
