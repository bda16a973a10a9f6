using System.Globalization;
using SkiaSharp;

namespace Sandbox.Cli.Rendering;

/// <summary>
/// A minimal line chart as PNG (accuracy versus epoch): axes with ticks, one coloured line per series and a legend.
/// Kept small on purpose; a shared plotting helper can replace it.
/// </summary>
public static class CurvePlot
{
    private static readonly SKColor[] Palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>Writes the chart of <paramref name="series"/> (name, points) to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        const int width = 900, height = 560, left = 70, right = 260, top = 50, bottom = 50;
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        double x0 = points.Count == 0 ? 0 : points.Min(p => p.X), x1 = points.Count == 0 ? 1 : points.Max(p => p.X);
        double y0 = points.Count == 0 ? 0 : points.Min(p => p.Y), y1 = points.Count == 0 ? 1 : points.Max(p => p.Y);
        if (x1 <= x0)
        {
            x1 = x0 + 1;
        }
        double pad = Math.Max(1e-3, (y1 - y0) * 0.05);
        y0 -= pad;
        y1 += pad;
        float X(double x) => (float)(left + (x - x0) / (x1 - x0) * (width - left - right));
        float Y(double y) => (float)(height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom));

        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1, Style = SKPaintStyle.Stroke };
        using var font = new SKFont { Size = 13 };
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, left, 18, font, text);
        for (int i = 0; i <= 5; i++)
        {
            double y = y0 + (y1 - y0) * i / 5;
            canvas.DrawLine(left, Y(y), width - right, Y(y), grid);
            canvas.DrawText(y.ToString("0.###", CultureInfo.InvariantCulture), 8, Y(y) + 4, font, text);
            double x = x0 + (x1 - x0) * i / 5;
            canvas.DrawText(x.ToString("0.#", CultureInfo.InvariantCulture), X(x) - 8, height - bottom + 18, font, text);
        }
        canvas.DrawRect(left, top, width - left - right, height - top - bottom, axis);
        canvas.DrawText(xLabel, (left + width - right) / 2f - 20, height - 12, font, text);
        canvas.DrawText(yLabel, 8, top - 14, font, text);
        for (int s = 0; s < series.Count; s++)
        {
            using var line = new SKPaint { Color = Palette[s % Palette.Length], StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var fill = new SKPaint { Color = Palette[s % Palette.Length], IsAntialias = true, Style = SKPaintStyle.Fill };
            var finite = series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
            for (int i = 1; i < finite.Count; i++)
            {
                canvas.DrawLine(X(finite[i - 1].X), Y(finite[i - 1].Y), X(finite[i].X), Y(finite[i].Y), line);
            }
            foreach (var p in finite)
            {
                canvas.DrawCircle(X(p.X), Y(p.Y), 2.5f, fill);
            }
            float ly = top + 10 + s * 20;
            canvas.DrawLine(width - right + 12, ly, width - right + 36, ly, line);
            canvas.DrawText(series[s].Name, width - right + 42, ly + 4, font, text);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        Core.Files.FileEnvelope.WriteAtomically(path, data.AsSpan());
    }
}
