using SkiaSharp;

namespace Greenspace.Campaigns.Reports;

/// <summary>
/// The font the plots are drawn with. ScottPlot draws no text at all, and says nothing, when the system has no font,
/// so the report looks for one first and names the Debian package that provides it when none is found.
/// </summary>
internal static class ReportFonts
{
    public const string Family = "DejaVu Sans";
    public const string DebianPackage = "fonts-dejavu-core";

    private static readonly Lazy<(string? Family, string? Problem)> Found = new(Find);

    /// <summary>The family to draw with (null: none installed), and a sentence for the reader when it is not DejaVu Sans.</summary>
    public static (string? Family, string? Problem) Choice => Found.Value;

    private static (string? Family, string? Problem) Find()
    {
        // With no font file at all, Skia still lists one family: an empty typeface with no name and no glyphs.
        var families = SKFontManager.Default.GetFontFamilies().Where(f => f.Length > 0).ToArray();
        if (families.Contains(Family, StringComparer.OrdinalIgnoreCase))
            return (Family, null);
        if (families.Length == 0 || SKTypeface.Default.GlyphCount == 0)
            return (null, $"No font is installed, so the plots carry no text (no title, axis labels or legend): install Debian's {DebianPackage} (apt-get install {DebianPackage}) and write the report again.");
        // ScottPlot's own choice (the system's default family) rather than a guess: the list may start with symbol fonts.
        string fallback = ScottPlot.Fonts.Default;
        return (fallback, $"{Family} is not installed, so the plots use {fallback}; install Debian's {DebianPackage} for the intended look.");
    }
}
