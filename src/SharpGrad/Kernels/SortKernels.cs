using System.Numerics;

namespace SharpGrad.Kernels;

/// <summary>
/// Sorting, selection and cumulative scans along one dimension of a contiguous tensor seen as
/// (outer, n, inner): element k of the slice (o, j) is at o·n·inner + k·inner + j. NaN orders as
/// larger than every number, as in PyTorch.
/// </summary>
internal static class SortKernels
{
    /// <summary>Total order with NaN largest (NaNs equal to each other).</summary>
    private static int CompareWithNaN<T>(T a, T b) where T : INumber<T>
    {
        if (a < b) return -1;
        if (a > b) return 1;
        bool aNaN = T.IsNaN(a), bNaN = T.IsNaN(b);
        return aNaN == bNaN ? 0 : aNaN ? 1 : -1;
    }

    /// <summary>Orders positions of one slice by value, ties by position, so the sort is stable.</summary>
    private readonly struct SliceComparer<T>(T[] keys, bool descending) : IComparer<int> where T : INumber<T>
    {
        public int Compare(int i, int j)
        {
            int c = CompareWithNaN(keys[i], keys[j]);
            if (descending) c = -c;
            return c != 0 ? c : i.CompareTo(j);
        }
    }

    /// <summary>Stable sort of every slice: the sorted values and the positions they came from.</summary>
    public static void Sort<T>(ReadOnlySpan<T> src, int outer, int n, int inner, bool descending, Span<T> values, Span<long> indices)
        where T : unmanaged, INumber<T>
    {
        var keys = new T[n];
        var order = new int[n];
        var comparer = new SliceComparer<T>(keys, descending);
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            for (int j = 0; j < inner; j++)
            {
                for (int k = 0; k < n; k++)
                {
                    keys[k] = src[block + k * inner + j];
                    order[k] = k;
                }
                order.AsSpan().Sort(comparer);
                for (int k = 0; k < n; k++)
                {
                    int at = block + k * inner + j;
                    values[at] = keys[order[k]];
                    indices[at] = order[k];
                }
            }
        }
    }

    /// <summary>The most frequent value of each slice (the smallest of equally frequent ones) and
    /// the position of its last occurrence, as PyTorch's CPU mode gives. Reads the output of an
    /// ascending <see cref="Sort{T}"/>; writes (outer, inner) results.</summary>
    public static void Mode<T>(ReadOnlySpan<T> sorted, ReadOnlySpan<long> order, int outer, int n, int inner, Span<T> values, Span<long> indices)
        where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            for (int j = 0; j < inner; j++)
            {
                int best = 0;
                T bestValue = T.Zero;
                long bestIndex = 0;
                for (int start = 0; start < n;)
                {
                    T v = sorted[block + start * inner + j];
                    int end = start + 1;
                    long last = order[block + start * inner + j];
                    while (end < n && CompareWithNaN(sorted[block + end * inner + j], v) == 0)
                    {
                        last = Math.Max(last, order[block + end * inner + j]);
                        end++;
                    }
                    if (end - start > best)
                    {
                        best = end - start;
                        bestValue = v;
                        bestIndex = last;
                    }
                    start = end;
                }
                values[o * inner + j] = bestValue;
                indices[o * inner + j] = bestIndex;
            }
        }
    }

    /// <summary>Groups equal neighbours of an ascending sort (NaNs are never equal, so each NaN is
    /// its own group, as in PyTorch): the distinct values, each element's group and each group's
    /// size. Returns the number of groups.</summary>
    public static int Unique<T>(ReadOnlySpan<T> sorted, ReadOnlySpan<long> order, Span<T> output, Span<long> inverse, Span<long> counts)
        where T : unmanaged, INumber<T>
    {
        int groups = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1])
            {
                output[groups] = sorted[i];
                counts[groups] = 0;
                groups++;
            }
            counts[groups - 1]++;
            inverse[(int)order[i]] = groups - 1;
        }
        return groups;
    }

    /// <summary>
    /// cumprod's gradient for slices that may hold zeros, in O(n) (PyTorch's path when no graph is
    /// built). With z the first zero of a slice: before z the gradient is the reversed cumulative sum
    /// of grad · output divided by x; at z it is Π_{i&lt;z} x_i · Σ_{j≥z} grad_j · Π_{z&lt;i≤j} x_i;
    /// after z it is 0 (every product through z is 0).
    /// </summary>
    public static void CumprodBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> grad, int outer, int n, int inner, Span<T> dst)
        where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            for (int j = 0; j < inner; j++)
            {
                int firstZero = n;
                for (int k = 0; k < n; k++)
                    if (x[block + k * inner + j] == T.Zero) { firstZero = k; break; }
                // dst holds grad · output before the first zero, then the reversed cumulative sum / x.
                T prefix = T.One;
                for (int k = 0; k < firstZero; k++)
                {
                    int at = block + k * inner + j;
                    prefix *= x[at];
                    dst[at] = prefix * grad[at];
                }
                T sum = T.Zero;
                for (int k = firstZero - 1; k >= 0; k--)
                {
                    int at = block + k * inner + j;
                    sum += dst[at];
                    dst[at] = sum / x[at];
                }
                if (firstZero == n) continue;
                T after = T.Zero, product = T.One;
                for (int k = firstZero; k < n; k++)
                {
                    int at = block + k * inner + j;
                    if (k > firstZero) product *= x[at];
                    after += grad[at] * product;
                }
                dst[block + firstZero * inner + j] = prefix * after;
                for (int k = firstZero + 1; k < n; k++) dst[block + k * inner + j] = T.Zero;
            }
        }
    }

    /// <summary>Running maximum (or minimum) and the position it was taken from. As PyTorch's
    /// kernel: an equal value takes over the position (the last of ties), a NaN takes over and is
    /// replaced only by a later NaN.</summary>
    public static void CumExtreme<T>(ReadOnlySpan<T> src, int outer, int n, int inner, bool isMax, Span<T> values, Span<long> indices)
        where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            for (int j = 0; j < inner; j++)
            {
                T best = T.Zero;
                long bestIndex = 0;
                for (int k = 0; k < n; k++)
                {
                    int at = block + k * inner + j;
                    T x = src[at];
                    if (k == 0 || T.IsNaN(x) || (!T.IsNaN(best) && (isMax ? x >= best : x <= best)))
                    {
                        best = x;
                        bestIndex = k;
                    }
                    values[at] = best;
                    indices[at] = bestIndex;
                }
            }
        }
    }
}
