using SharpGrad.Printing;


namespace SharpGrad;

public static partial class torch
{
    /// <summary>
    /// Sets the options for printing tensors (PyTorch's <c>torch.set_printoptions</c>). The options are
    /// process-global.
    /// </summary>
    /// <param name="precision">Digits of precision for floating point output (default 4).</param>
    /// <param name="threshold">Total number of elements which triggers summarization rather than the full
    /// repr (default 1000).</param>
    /// <param name="edgeitems">Number of items in the summary at the beginning and end of each dimension
    /// (default 3).</param>
    /// <param name="linewidth">Characters per line for the purpose of inserting line breaks (default 80).</param>
    /// <param name="profile">"default", "short" or "full"; applied first, then overridden by any of the
    /// other arguments that are given. Other names are ignored.</param>
    /// <param name="sci_mode">true or false forces scientific notation on or off; null (also when omitted)
    /// lets the printer choose.</param>
    public static void set_printoptions(
        int? precision = null,
        int? threshold = null,
        int? edgeitems = null,
        int? linewidth = null,
        string? profile = null,
        bool? sci_mode = null)
        => PrintOptions.Set(precision, threshold, edgeitems, linewidth, profile, sci_mode);
}
