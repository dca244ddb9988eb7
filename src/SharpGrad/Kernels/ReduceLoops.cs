using System.Numerics;
using System.Numerics.Tensors;

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
    public static void Sum<T>(ReadOnlySpan<T> src, int[] sizes, bool[] reduced, Span<T> dst) where T : INumber<T>
    {
        dst.Clear();
        int g = sizes.Length;
        int inner = sizes[g - 1];
        bool innerReduced = reduced[g - 1];
        int outer = src.Length / Math.Max(inner, 1);
        if (inner == 0 || src.Length == 0) return;

        // Output strides of each group (0 for reduced groups).
        Span<int> outStride = stackalloc int[g];
        int s = innerReduced ? 1 : inner;
        for (int i = g - 2; i >= 0; i--)
        {
            if (reduced[i]) outStride[i] = 0;
            else { outStride[i] = s; s *= sizes[i]; }
        }
        Span<int> index = stackalloc int[g];
        index.Clear();
        int outOff = 0;
        for (int o = 0; o < outer; o++)
        {
            var run = src.Slice(o * inner, inner);
            if (innerReduced) dst[outOff] += TensorPrimitives.Sum(run);
            else
            {
                var target = dst.Slice(outOff, inner);
                TensorPrimitives.Add(target, run, target);
            }
            for (int d = g - 2; d >= 0; d--)
            {
                outOff += outStride[d];
                if (++index[d] < sizes[d]) break;
                outOff -= outStride[d] * sizes[d];
                index[d] = 0;
            }
        }
    }
}
