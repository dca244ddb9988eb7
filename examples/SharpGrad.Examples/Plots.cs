using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace SharpGrad.Examples;

/// <summary>ScottPlot settings shared by the walkthroughs' pictures.</summary>
static class Plots
{
    /// <summary>
    /// Chooses the pictures' font before the first one is drawn. The Skia that ScottPlot brings for Linux
    /// reads fonts straight from /usr/share/fonts, with no fontconfig to say which one is "sans", so
    /// name DejaVu Sans when it is there. With no font at all, plots would come out without any text:
    /// say how to get one. Returns that advice, or null.
    /// </summary>
    public static string? ChooseFont()
    {
        var families = SKFontManager.Default.FontFamilies.Where(f => !string.IsNullOrEmpty(f)).ToArray();
        if (families.Length == 0)
            return "No fonts are installed, so the pictures will have no text: `apt-get install fonts-dejavu-core` adds one.";
        if (families.Contains("DejaVu Sans")) Fonts.Default = "DejaVu Sans";
        return null;
    }

    /// <summary>ScottPlot has no log axis: plot log10(y) and label the ticks as powers of ten.</summary>
    public static void UseLogScaleY(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => $"1e{y:0}",
        };
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }
}
