using Sandbox.Core.Rendering;
using SkiaSharp;

namespace Sandbox.Cli.Rendering;

/// <summary>Draws a <see cref="Frame"/> (y up) into a bitmap (y down) with anti-aliasing, and encodes PNGs.</summary>
public sealed class FrameRasterizer : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke };
    private readonly SKPath _path = new();

    /// <summary>Creates a rasterizer for frames of the given size.</summary>
    public FrameRasterizer(int width, int height)
    {
        _bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        _canvas = new SKCanvas(_bitmap);
    }

    /// <summary>Rasterizes <paramref name="frame"/> and returns it as PNG bytes.</summary>
    public byte[] ToPng(Frame frame)
    {
        Draw(frame);
        using var image = SKImage.FromBitmap(_bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The colour of pixel (x, y) of the last frame, y measured from the top.</summary>
    public Rgb PixelAt(int x, int y)
    {
        var c = _bitmap.GetPixel(x, y);
        return new Rgb(c.Red, c.Green, c.Blue);
    }

    /// <summary>Rasterizes <paramref name="frame"/> into the internal bitmap.</summary>
    public void Draw(Frame frame)
    {
        _canvas.ResetMatrix();
        _canvas.Clear(Color(frame.Background));
        // Gymnasium draws with y up and flips the surface; flipping the canvas does the same.
        _canvas.Translate(0, frame.Height);
        _canvas.Scale(1, -1);
        foreach (var p in frame.Primitives)
        {
            switch (p.Kind)
            {
                case PrimitiveKind.Polygon:
                    _path.Reset();
                    _path.MoveTo(p.Points[0].X, p.Points[0].Y);
                    for (int i = 1; i < p.Points.Length; i++)
                    {
                        _path.LineTo(p.Points[i].X, p.Points[i].Y);
                    }
                    _path.Close();
                    _fill.Color = Color(p.Color);
                    _canvas.DrawPath(_path, _fill);
                    if (p.Outline is { } outline)
                    {
                        _stroke.Color = Color(outline);
                        _stroke.StrokeWidth = 1;
                        _canvas.DrawPath(_path, _stroke);
                    }
                    break;
                case PrimitiveKind.Line:
                    _stroke.Color = Color(p.Color);
                    _stroke.StrokeWidth = p.Width;
                    for (int i = 1; i < p.Points.Length; i++)
                    {
                        _canvas.DrawLine(p.Points[i - 1].X, p.Points[i - 1].Y, p.Points[i].X, p.Points[i].Y, _stroke);
                    }
                    break;
                case PrimitiveKind.Circle:
                    _fill.Color = Color(p.Color);
                    _canvas.DrawCircle(p.Points[0].X, p.Points[0].Y, p.Radius, _fill);
                    break;
            }
        }
        _canvas.Flush();
    }

    private static SKColor Color(Rgb c) => new(c.R, c.G, c.B);

    /// <inheritdoc />
    public void Dispose()
    {
        _path.Dispose();
        _fill.Dispose();
        _stroke.Dispose();
        _canvas.Dispose();
        _bitmap.Dispose();
    }
}
