using System.Numerics;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>
/// The loops of the manipulation ops: a copy whose source index along each dimension is a lookup
/// (flip, roll), scatter (assignment) and scatter_reduce along a dimension, bincount and histc.
/// </summary>
internal static class ManipulationKernels
{
    /// <summary>
    /// dst (contiguous, of <paramref name="shape"/>) [i0, i1, …] = src[srcBase + Σ_d offsets[d][i_d]]:
    /// each dimension's index maps through its own table of storage offsets (for flip,
    /// offsets[d][i] = (size − 1 − i)·stride; for roll, ((i − shift) mod size)·stride).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RemapCopy<T>(T[] src, int srcBase, int[] shape, int[][] offsets, Span<T> dst)
    {
        int rank = shape.Length;
        if (dst.Length == 0) return;
        if (rank == 0) { dst[0] = src[srcBase]; return; }
        int inner = shape[rank - 1];
        var innerOffsets = offsets[rank - 1];
        RankBuffer bc = default; // not stackalloc: see RankBuffer
        Span<int> counter = RankBuffer.Dims(ref bc, rank);
        int outerBase = srcBase;
        for (int d = 0; d < rank - 1; d++) outerBase += offsets[d][0];
        for (int p = 0; p < dst.Length; p += inner)
        {
            var row = dst.Slice(p, inner);
            for (int i = 0; i < row.Length; i++) row[i] = src[outerBase + innerOffsets[i]];
            // Step the counter over the outer dimensions.
            for (int d = rank - 2; d >= 0; d--)
            {
                outerBase -= offsets[d][counter[d]];
                if (++counter[d] < shape[d]) { outerBase += offsets[d][counter[d]]; break; }
                counter[d] = 0;
                outerBase += offsets[d][0];
            }
        }
    }

    /// <summary>dst[targets[p]] = src[p], in order (the last write to a position wins).</summary>
    public static void Scatter<T>(Span<T> dst, int[] targets, ReadOnlySpan<T> src)
    {
        for (int p = 0; p < targets.Length; p++) dst[targets[p]] = src[p];
    }

    /// <summary>dst[targets[p]] = value.</summary>
    public static void ScatterFill<T>(Span<T> dst, int[] targets, T value)
    {
        for (int p = 0; p < targets.Length; p++) dst[targets[p]] = value;
    }

    /// <summary>
    /// scatter_reduce: dst (a copy of self) reduced with src at targets. Without
    /// <paramref name="includeSelf"/>, each position that receives a value starts from the first
    /// value it receives instead of self's. mean divides each position's sum by its count (self
    /// counting once when included), flooring for integers, as PyTorch does.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ScatterReduce<T>(Span<T> dst, int[] targets, ReadOnlySpan<T> src, string reduce, bool includeSelf)
        where T : unmanaged, INumber<T>
    {
        var seen = new bool[dst.Length];
        int[]? counts = reduce == "mean" ? new int[dst.Length] : null;
        for (int p = 0; p < targets.Length; p++)
        {
            int t = targets[p];
            T v = src[p];
            if (!includeSelf && !seen[t])
            {
                dst[t] = v;
                seen[t] = true;
                if (counts is not null) counts[t] = 1;
                continue;
            }
            seen[t] = true;
            switch (reduce)
            {
                case "sum": dst[t] += v; break;
                case "mean": dst[t] += v; counts![t]++; break;
                case "prod": dst[t] *= v; break;
                case "amax": dst[t] = T.IsNaN(v) || v > dst[t] ? v : dst[t]; break;
                case "amin": dst[t] = T.IsNaN(v) || v < dst[t] ? v : dst[t]; break;
                default: throw new ArgumentException($"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}");
            }
        }
        if (counts is null) return;
        bool integral = typeof(T) == typeof(long);
        for (int t = 0; t < dst.Length; t++)
        {
            if (!seen[t]) continue;
            int n = includeSelf ? counts[t] + 1 : counts[t];
            var divisor = T.CreateChecked(n);
            dst[t] = integral ? FloorDivide(dst[t], divisor) : dst[t] / divisor;
        }
    }

    private static T FloorDivide<T>(T a, T b) where T : INumber<T>
    {
        var q = a / b;
        return (a % b != T.Zero) && ((a < T.Zero) != (b < T.Zero)) ? q - T.One : q;
    }

    /// <summary>Counts (or sums the weights of) each non-negative value of a 1-D int64 tensor.</summary>
    public static void Bincount<T>(ReadOnlySpan<long> values, ReadOnlySpan<T> weights, bool weighted, Span<T> dst)
        where T : INumber<T>
    {
        for (int i = 0; i < values.Length; i++)
            dst[(int)values[i]] += weighted ? weights[i] : T.One;
    }

    /// <summary>
    /// histc: counts of the values in [min, max] in <c>dst.Length</c> equal bins; a value equal to
    /// max falls in the last bin. The bin is computed in the element type as PyTorch's linear
    /// histogram kernel does: (x − min)·bins / (max − min), truncated.
    /// </summary>
    public static void Histc<T>(ReadOnlySpan<T> values, T min, T max, Span<T> dst) where T : IFloatingPoint<T>
    {
        int bins = dst.Length;
        var binCount = T.CreateChecked(bins);
        for (int i = 0; i < values.Length; i++)
        {
            T x = values[i];
            if (!(x >= min && x <= max)) continue;
            long pos = long.CreateTruncating((x - min) * binCount / (max - min));
            if (pos == bins) pos--;
            dst[(int)pos] += T.One;
        }
    }
}
