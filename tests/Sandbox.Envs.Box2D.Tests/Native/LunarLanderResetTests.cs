using System.Numerics;
using Sandbox.Envs.Box2D.Native;

namespace Sandbox.Envs.Box2D.Tests.Native;

/// <summary>
/// Builds LunarLander's seed-0 reset scene by hand (terrain and push from envs.md §4.10, no RNG)
/// and checks the reset's internal no-op step against the spec's Box2D 2.3 figures. This
/// exercises creation order, explicit reference angles, limits and motors together.
/// </summary>
public sealed class LunarLanderResetTests
{
    private static readonly double[] SmoothY =
    [
        2.0008711827620402, 2.0849882350473425, 1.783672522940143, 2.2901417526596286, 3.3000000000000003,
        3.3000000000000003, 3.3000000000000003, 3.395974981223931, 4.353134313557021, 5.048012132624392,
        3.858061851774787,
    ];

    [Fact]
    public void Reset_step_matches_the_box2d_2_3_reference()
    {
        const double H = 400.0 / 30.0;
        using var world = new Box2DWorld(new Vector2(0f, -10f));

        BodyId moon = world.CreateBody(BodyType.Static, Vector2.Zero, 0f);
        world.AddEdge(moon, Vector2.Zero, new Vector2(20f, 0f), new FixtureDef());
        for (int i = 0; i < 10; i++)
        {
            world.AddEdge(moon, new Vector2((float)(2.0 * i), (float)SmoothY[i]), new Vector2((float)(2.0 * (i + 1)), (float)SmoothY[i + 1]),
                new FixtureDef { Friction = 0.1f });
        }

        BodyId lander = world.CreateBody(BodyType.Dynamic, new Vector2(10f, (float)H), 0f);
        world.AddPolygon(lander, MassPropertiesTests.LanderVertices(),
            new FixtureDef { Density = 5f, Friction = 0.1f, Restitution = 0f, CategoryBits = 0x0010, MaskBits = 0x0001 });
        world.ApplyForceToCenter(lander, new Vector2((float)714.8085531751387, (float)-932.8288493890713), wake: true);

        var legs = new BodyId[2];
        var joints = new JointId[2];
        for (int k = 0; k < 2; k++)
        {
            int i = k == 0 ? -1 : 1;
            legs[k] = world.CreateBody(BodyType.Dynamic, new Vector2((float)(10.0 - (i * 20 / 30.0)), (float)H), (float)(i * 0.05));
            world.AddBox(legs[k], (float)(2 / 30.0), (float)(8 / 30.0),
                new FixtureDef { Density = 1f, Restitution = 0f, CategoryBits = 0x0020, MaskBits = 0x0001 });
            joints[k] = world.CreateRevoluteJoint(new RevoluteJointDef
            {
                BodyA = lander,
                BodyB = legs[k],
                LocalAnchorA = Vector2.Zero,
                LocalAnchorB = new Vector2((float)(i * 20 / 30.0), (float)(18 / 30.0)),
                ReferenceAngle = (float)(i * 0.05),
                EnableMotor = true,
                EnableLimit = true,
                MaxMotorTorque = 40f,
                MotorSpeed = (float)(0.3 * i),
                LowerAngle = i == -1 ? 0.4f : -0.9f,
                UpperAngle = i == -1 ? 0.9f : -0.4f,
            });
        }

        var states = new BodyState[3];
        world.StepAndRead(0.02f, 180, 60, [lander, legs[0], legs[1]], states);
        var jointStates = new JointState[2];
        world.ReadJoints(joints, jointStates);

        const float Tol = 2e-5f;
        Assert.Equal(10.057061195f, states[0].X, Tol);
        Assert.Equal(13.260224342f, states[0].Y, Tol);
        Assert.Equal(2.889826536f, states[0].VelocityX, Tol);
        Assert.Equal(-3.962247849f, states[0].VelocityY, Tol);
        Assert.Equal(-0.0066053038f, states[0].Angle, Tol);
        Assert.Equal(-0.3272941411f, states[0].AngularVelocity, Tol);
        Assert.Equal(10.926196f, states[1].X, Tol);
        Assert.Equal(13.038752f, states[1].Y, Tol);
        Assert.Equal(0.4833052f, states[1].Angle, Tol);
        Assert.Equal(9.184198f, states[2].X, Tol);
        Assert.Equal(13.053919f, states[2].Y, Tol);
        Assert.Equal(-0.5007181f, states[2].Angle, Tol);
        Assert.Equal(0.5399105f, jointStates[0].Angle, Tol);
        Assert.Equal(-0.5441127f, jointStates[1].Angle, Tol);
        Assert.Equal(0, world.PendingContactEventCount);
    }
}
