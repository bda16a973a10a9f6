namespace Sandbox.Cli.Charts;

/// <summary>
/// Gives charts a real font: the SkiaSharp build we ship has no fontconfig, so without a registered file
/// every label would render as empty boxes. DejaVu Sans comes with Debian's <c>fonts-dejavu-core</c>.
/// </summary>
public static class ChartFonts
{
    private const string Family = "DejaVu Sans";
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    private static readonly Lazy<string?> Registered = new(Register);

    /// <summary>The font family to use, or null when no font file was found (labels may then be missing).</summary>
    public static string? Use() => Registered.Value;

    private static string? Register()
    {
        string? file = Candidates.FirstOrDefault(File.Exists);
        if (file is null)
        {
            return null;
        }
        ScottPlot.Fonts.AddFontFile(Family, file);
        ScottPlot.Fonts.Default = Family;
        return Family;
    }
}
