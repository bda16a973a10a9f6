using System.Numerics;
using Sandbox.Core.Rendering;

namespace Sandbox.Envs.Classic;

/// <summary>Draws a cart-pole state the way Gymnasium's <c>render()</c> does (envs.md §7.1), in a 600×400 frame.</summary>
public static class CartPoleRenderer
{
    private const float Scale = 600f / 4.8f;  // pixels per unit: world width 2·x_threshold·2
    private const float CartY = 100f;
    private const float CartHalfWidth = 25f;
    private const float CartHalfHeight = 15f;
    private const float PoleHalfWidth = 5f;
    private const float PoleLength = Scale * (2 * (float)CartPolePhysics.Length);
    private const float AxleOffset = CartHalfHeight * 2 / 4f;

    /// <summary>Clears <paramref name="frame"/> and draws the cart at <paramref name="x"/> with the pole at <paramref name="theta"/>.</summary>
    public static void Draw(Frame frame, double x, double theta)
    {
        frame.Clear();
        frame.Background = Rgb.White;
        float cartX = (float)x * Scale + 300f;
        Span<Vector2> cart =
        [
            new(cartX - CartHalfWidth, CartY - CartHalfHeight), new(cartX - CartHalfWidth, CartY + CartHalfHeight),
            new(cartX + CartHalfWidth, CartY + CartHalfHeight), new(cartX + CartHalfWidth, CartY - CartHalfHeight),
        ];
        frame.Line([new Vector2(0, CartY), new Vector2(600, CartY)], Rgb.Black);
        frame.Polygon(cart, Rgb.Black);

        // The pole is rotated by −θ (Gymnasium's pygame convention) about the axle.
        float c = MathF.Cos(-(float)theta), s = MathF.Sin(-(float)theta);
        var axle = new Vector2(cartX, CartY + AxleOffset);
        Span<Vector2> pole =
        [
            new(-PoleHalfWidth, -PoleHalfWidth), new(-PoleHalfWidth, PoleLength - PoleHalfWidth),
            new(PoleHalfWidth, PoleLength - PoleHalfWidth), new(PoleHalfWidth, -PoleHalfWidth),
        ];
        for (int i = 0; i < pole.Length; i++)
        {
            var p = pole[i];
            pole[i] = axle + new Vector2(p.X * c - p.Y * s, p.X * s + p.Y * c);
        }
        frame.Polygon(pole, new Rgb(202, 152, 101));
        frame.Circle(new Vector2(MathF.Floor(axle.X), MathF.Floor(axle.Y)), 5f, new Rgb(129, 132, 203));
    }
}
