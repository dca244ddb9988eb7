namespace SharpGrad.Kernels;

/// <summary>
/// Reductions of a contiguous tensor over a set of dimensions. Adjacent dimensions that are both
/// kept or both reduced are merged; then the innermost run is either reduced with one
/// TensorPrimitives call (innermost reduced) or accumulated row-wise into the output with vector
/// adds (innermost kept, e.g. a bias gradient summed over the batch).
/// </summary>
internal static class ReduceLoops
{
    /// <summary>Groups of merged dimensions: sizes and whether each group is reduced.</summary>
    public static (int[] sizes, bool[] reduced) Group(int[] shape, bool[] reduce)
    {
        var sizes = new List<int>();
        var red = new List<bool>();
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (red.Count > 0 && red[^1] == reduce[i]) sizes[^1] *= shape[i];
            else { sizes.Add(shape[i]); red.Add(reduce[i]); }
        }
        if (sizes.Count == 0) { sizes.Add(1); red.Add(true); }
        return (sizes.ToArray(), red.ToArray());
    }

    /// <summary>dst (kept elements, row-major) = sum over reduced groups of src (contiguous).</summary>
    public static void Sum(ReadOnlySpan<float> src, int[] sizes, bool[] reduced, Span<float> dst)
        => ReduceKernels.Reduce<float, SumReduceOp>(src, sizes, reduced, dst);

    /// <inheritdoc cref="Sum(ReadOnlySpan{float}, int[], bool[], Span{float})"/>
    public static void Sum(ReadOnlySpan<double> src, int[] sizes, bool[] reduced, Span<double> dst)
        => ReduceKernels.Reduce<double, SumReduceOp>(src, sizes, reduced, dst);

    /// <inheritdoc cref="Sum(ReadOnlySpan{float}, int[], bool[], Span{float})"/>
    public static void Sum(ReadOnlySpan<long> src, int[] sizes, bool[] reduced, Span<long> dst)
        => ReduceKernels.Reduce<long, SumReduceOp>(src, sizes, reduced, dst);
}
