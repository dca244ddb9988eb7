namespace SharpGrad.Printing;

/// <summary>One immutable set of printing options (PyTorch's <c>torch._tensor_str.PRINT_OPTS</c>).</summary>
/// <param name="Precision">Digits after the decimal point for floating point output.</param>
/// <param name="Threshold">Element count above which a tensor is summarized; a double so that the
/// "full" profile can hold infinity, as PyTorch does.</param>
/// <param name="EdgeItems">Items shown at the beginning and end of each summarized dimension.</param>
/// <param name="LineWidth">Characters per line used for wrapping rows and suffixes.</param>
/// <param name="SciMode">Forces scientific notation on (true) or off (false); null chooses automatically.</param>
internal readonly record struct PrintOptionsValues(int Precision, double Threshold, int EdgeItems, int LineWidth, bool? SciMode)
{
    /// <summary>The options of the "default" profile.</summary>
    public static PrintOptionsValues Default => new(4, 1000, 3, 80, null);

    /// <summary>
    /// The options that result from <c>torch.set_printoptions</c> applied to <paramref name="current"/>:
    /// a profile first, then every explicitly given value; <c>sci_mode</c> is always replaced (so an
    /// omitted one goes back to automatic), exactly as PyTorch does. Unknown profiles are ignored.
    /// </summary>
    public static PrintOptionsValues Apply(
        PrintOptionsValues current,
        int? precision = null,
        int? threshold = null,
        int? edgeitems = null,
        int? linewidth = null,
        string? profile = null,
        bool? sci_mode = null)
    {
        if (precision < 0)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "precision must be non-negative.");
        if (edgeitems < 0)
            throw new ArgumentOutOfRangeException(nameof(edgeitems), edgeitems, "edgeitems must be non-negative.");

        var r = current;
        switch (profile)
        {
            case "default":
                r = r with { Precision = 4, Threshold = 1000, EdgeItems = 3, LineWidth = 80 };
                break;
            case "short":
                r = r with { Precision = 2, Threshold = 1000, EdgeItems = 2, LineWidth = 80 };
                break;
            case "full":
                r = r with { Precision = 4, Threshold = double.PositiveInfinity, EdgeItems = 3, LineWidth = 80 };
                break;
        }
        if (precision is int p) r = r with { Precision = p };
        if (threshold is int t) r = r with { Threshold = t };
        if (edgeitems is int e) r = r with { EdgeItems = e };
        if (linewidth is int w) r = r with { LineWidth = w };
        return r with { SciMode = sci_mode };
    }
}

/// <summary>The process-global printing options, as in PyTorch.</summary>
internal static class PrintOptions
{
    private static PrintOptionsValues s_current = PrintOptionsValues.Default;
    private static readonly Lock s_lock = new();

    /// <summary>A consistent snapshot of all options.</summary>
    public static PrintOptionsValues Current
    {
        get { lock (s_lock) return s_current; }
        set { lock (s_lock) s_current = value; }
    }

    public static int Precision => Current.Precision;
    public static double Threshold => Current.Threshold;
    public static int EdgeItems => Current.EdgeItems;
    public static int LineWidth => Current.LineWidth;
    public static bool? SciMode => Current.SciMode;

    /// <summary><c>torch.set_printoptions</c>: updates the global options atomically.</summary>
    public static void Set(int? precision, int? threshold, int? edgeitems, int? linewidth, string? profile, bool? sci_mode)
    {
        lock (s_lock)
            s_current = PrintOptionsValues.Apply(s_current, precision, threshold, edgeitems, linewidth, profile, sci_mode);
    }
}
