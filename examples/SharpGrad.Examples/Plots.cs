using ScottPlot;
using ScottPlot.TickGenerators;

namespace SharpGrad.Examples;

/// <summary>ScottPlot settings shared by the walkthroughs' pictures.</summary>
static class Plots
{
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
