using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpGrad.Kernels;

/// <summary>
/// A depthwise convolution (one input channel per group: groups = C, Cout = k·C) and its two
/// gradients computed directly on NCHW planes, without a column matrix: output channel o reads
/// only input channel o / k, so each output plane is a small 2-D correlation of one input plane
/// with one KH×KW filter. Lowered onto the GEMM, the same convolution would copy the input KH·KW
/// times into columns and then run one GEMM of k rows and KH·KW depth per group: mostly copying.
/// Along an output row the taps are vector multiply-adds where the stride is 1 (consecutive
/// outputs read consecutive inputs), scalar loops otherwise; the planes are split across the
/// worker threads.
/// </summary>
internal static class DepthwiseConvolutionKernels
{
    /// <summary>Turns the direct path off on this thread (tests compare it with the GEMM lowering).</summary>
    [ThreadStatic] internal static bool Disabled;

    /// <summary>Whether a geometry is a depthwise convolution (more than one group, one input channel each) and the direct path is on.</summary>
    public static bool Applies(in ConvGeometry g) => !Disabled && g.Groups > 1 && g.CinG == 1;

    /// <summary>y = conv(x, w) (+ bias): x [N, C, H, W], w [Cout, 1, KH, KW], y [N, Cout, OH, OW] (overwritten).</summary>
    public static void Forward<T>(ArraySegment<T> x, ArraySegment<T> w, ArraySegment<T>? bias, ArraySegment<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.Cout, taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        ParallelRanges.For(planes, (long)planes * l * taps, (p0, p1) =>
        {
            var xs = x.AsSpan();
            var ws = w.AsSpan();
            var ys = y.AsSpan();
            for (int p = p0; p < p1; p++)
            {
                int n = p / g.Cout, o = p % g.Cout, c = o / k;
                var xPlane = xs.Slice((n * g.C + c) * hw, hw);
                var filter = ws.Slice(o * taps, taps);
                var yPlane = ys.Slice(p * l, l);
                T b0 = bias is { } b ? b[o] : T.Zero;
                if (g.SW == 1)
                {
                    ForwardPlaneUnitStride(xPlane, filter, b0, yPlane, in g);
                    continue;
                }
                yPlane.Fill(b0);
                for (int oy = 0; oy < g.OH; oy++)
                {
                    var yRow = yPlane.Slice(oy * g.OW, g.OW);
                    for (int i = 0; i < g.KH; i++)
                    {
                        int iy = oy * g.SH - g.PH + i * g.DH;
                        if ((uint)iy >= (uint)g.H) continue;
                        var xRow = xPlane.Slice(iy * g.W, g.W);
                        for (int j = 0; j < g.KW; j++)
                        {
                            int offset = j * g.DW - g.PW;
                            var (lo, hi) = InsideColumns(offset, in g);
                            if (lo >= hi) continue;
                            T wv = filter[i * g.KW + j];
                            // (A unit column stride took ForwardPlaneUnitStride above.)
                            for (int ox = lo; ox < hi; ox++)
                                yRow[ox] += wv * xRow[ox * g.SW + offset];
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// One output plane of a convolution with unit column stride: each output vector accumulates
    /// all its taps in a register and is stored once. The columns where every tap reads inside the
    /// image take this loop; the few at the edges (and the vector tail) sum their inside taps one
    /// by one.
    /// </summary>
    private static void ForwardPlaneUnitStride<T>(ReadOnlySpan<T> xPlane, ReadOnlySpan<T> filter, T bias, Span<T> yPlane, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Output columns [inLo, inHi) read inside the image for every tap column j.
        int inLo = 0, inHi = g.OW;
        for (int j = 0; j < g.KW; j++)
        {
            var (lo, hi) = InsideColumns(j * g.DW - g.PW, in g);
            inLo = Math.Max(inLo, lo);
            inHi = Math.Min(inHi, hi);
        }
        inLo = Math.Min(inLo, g.OW);
        if (inHi < inLo) inHi = inLo;
        Span<int> rowStarts = stackalloc int[g.KH];
        Span<int> rowTaps = stackalloc int[g.KH];
        ref T x0 = ref MemoryMarshal.GetReference(xPlane);
        ref T w0 = ref MemoryMarshal.GetReference(filter);
        int vc = Vector<T>.Count;
        bool vectors = Vector.IsHardwareAccelerated;
        for (int oy = 0; oy < g.OH; oy++)
        {
            // The filter rows that land inside the image for this output row.
            int rows = 0;
            for (int i = 0; i < g.KH; i++)
            {
                int iy = oy * g.SH - g.PH + i * g.DH;
                if ((uint)iy >= (uint)g.H) continue;
                rowStarts[rows] = iy * g.W - g.PW;
                rowTaps[rows++] = i * g.KW;
            }
            var yRow = yPlane.Slice(oy * g.OW, g.OW);
            int ox = inLo;
            if (vectors)
            {
                var vb = new Vector<T>(bias);
                for (; ox <= inHi - vc; ox += vc)
                {
                    var acc = vb;
                    for (int r = 0; r < rows; r++)
                    {
                        int start = rowStarts[r] + ox, tap = rowTaps[r];
                        for (int j = 0; j < g.KW; j++)
                            acc += new Vector<T>(Unsafe.Add(ref w0, tap + j)) * Vector.LoadUnsafe(ref x0, (nuint)(start + j * g.DW));
                    }
                    acc.StoreUnsafe(ref MemoryMarshal.GetReference(yRow), (nuint)ox);
                }
            }
            var starts = rowStarts[..rows];
            var taps = rowTaps[..rows];
            for (; ox < inHi; ox++)
                yRow[ox] = ColumnSum(xPlane, filter, bias, starts, taps, ox, checkColumns: false, in g);
            for (ox = 0; ox < inLo; ox++)
                yRow[ox] = ColumnSum(xPlane, filter, bias, starts, taps, ox, checkColumns: true, in g);
            for (ox = inHi; ox < g.OW; ox++)
                yRow[ox] = ColumnSum(xPlane, filter, bias, starts, taps, ox, checkColumns: true, in g);
        }
    }

    /// <summary>
    /// One output of a unit-column-stride convolution, tap by tap: the filter rows
    /// <paramref name="taps"/> (their first tap's index) over the input rows starting at
    /// <paramref name="starts"/> (less the left padding), skipping columns outside the image when
    /// <paramref name="checkColumns"/>.
    /// </summary>
    private static T ColumnSum<T>(ReadOnlySpan<T> xPlane, ReadOnlySpan<T> filter, T bias, ReadOnlySpan<int> starts, ReadOnlySpan<int> taps,
        int ox, bool checkColumns, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = bias;
        for (int r = 0; r < starts.Length; r++)
            for (int j = 0; j < g.KW; j++)
            {
                int ix = ox + j * g.DW - g.PW;
                if (checkColumns && (uint)ix >= (uint)g.W) continue;
                sum += filter[taps[r] + j] * xPlane[starts[r] + g.PW + ix];
            }
        return sum;
    }

    /// <summary>
    /// gx = the input gradient of y = conv(x, w) for the output gradient gy: each output gradient
    /// scattered back over its window, weighted by the filter. gy [N, Cout, OH, OW],
    /// w [Cout, 1, KH, KW], gx [N, C, H, W] (overwritten). One thread owns each input plane,
    /// and gathers the k output channels that read it.
    /// </summary>
    public static void InputGrad<T>(ArraySegment<T> gy, ArraySegment<T> w, ArraySegment<T> gx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.C, taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        ParallelRanges.For(planes, (long)planes * k * l * taps, (p0, p1) =>
        {
            var gys = gy.AsSpan();
            var ws = w.AsSpan();
            var gxs = gx.AsSpan();
            for (int p = p0; p < p1; p++)
            {
                int n = p / g.C, c = p % g.C;
                var gxPlane = gxs.Slice(p * hw, hw);
                gxPlane.Clear();
                for (int o = c * k; o < (c + 1) * k; o++)
                {
                    var gyPlane = gys.Slice((n * g.Cout + o) * l, l);
                    var filter = ws.Slice(o * taps, taps);
                    for (int oy = 0; oy < g.OH; oy++)
                    {
                        var gyRow = gyPlane.Slice(oy * g.OW, g.OW);
                        for (int i = 0; i < g.KH; i++)
                        {
                            int iy = oy * g.SH - g.PH + i * g.DH;
                            if ((uint)iy >= (uint)g.H) continue;
                            var gxRow = gxPlane.Slice(iy * g.W, g.W);
                            for (int j = 0; j < g.KW; j++)
                            {
                                int offset = j * g.DW - g.PW;
                                var (lo, hi) = InsideColumns(offset, in g);
                                if (lo >= hi) continue;
                                T wv = filter[i * g.KW + j];
                                if (g.SW == 1)
                                    MultiplyAdd(gyRow.Slice(lo, hi - lo), wv, gxRow.Slice(lo + offset, hi - lo));
                                else
                                    for (int ox = lo; ox < hi; ox++)
                                        gxRow[ox * g.SW + offset] += wv * gyRow[ox];
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// gw = the weight gradient of y = conv(x, w) for the output gradient gy: gw[o, 0, i, j] is the
    /// sum over samples and output positions of gy times the input under tap (i, j). x [N, C, H, W],
    /// gy [N, Cout, OH, OW], gw [Cout, 1, KH, KW] (overwritten). One thread owns each output channel.
    /// </summary>
    public static void WeightGrad<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        ParallelRanges.For(g.Cout, (long)g.N * g.Cout * l * taps, (o0, o1) =>
        {
            var xs = x.AsSpan();
            var gys = gy.AsSpan();
            var gws = gw.AsSpan();
            for (int o = o0; o < o1; o++)
            {
                int c = o / k;
                var sums = gws.Slice(o * taps, taps);
                sums.Clear();
                for (int n = 0; n < g.N; n++)
                {
                    var xPlane = xs.Slice((n * g.C + c) * hw, hw);
                    var gyPlane = gys.Slice((n * g.Cout + o) * l, l);
                    for (int oy = 0; oy < g.OH; oy++)
                    {
                        var gyRow = gyPlane.Slice(oy * g.OW, g.OW);
                        for (int i = 0; i < g.KH; i++)
                        {
                            int iy = oy * g.SH - g.PH + i * g.DH;
                            if ((uint)iy >= (uint)g.H) continue;
                            var xRow = xPlane.Slice(iy * g.W, g.W);
                            for (int j = 0; j < g.KW; j++)
                            {
                                int offset = j * g.DW - g.PW;
                                var (lo, hi) = InsideColumns(offset, in g);
                                if (lo >= hi) continue;
                                T sum;
                                if (g.SW == 1)
                                    sum = TensorPrimitives.Dot<T>(gyRow.Slice(lo, hi - lo), xRow.Slice(lo + offset, hi - lo));
                                else
                                {
                                    sum = T.Zero;
                                    for (int ox = lo; ox < hi; ox++)
                                        sum += gyRow[ox] * xRow[ox * g.SW + offset];
                                }
                                sums[i * g.KW + j] += sum;
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// The output columns [lo, hi) whose input column ox·SW + <paramref name="offset"/> (a tap's
    /// column offset, j·DW − PW) lies inside the image; the others read padding.
    /// </summary>
    private static (int Lo, int Hi) InsideColumns(int offset, in ConvGeometry g)
    {
        int lo = offset >= 0 ? 0 : (-offset + g.SW - 1) / g.SW;
        int last = g.W - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(g.OW, last / g.SW + 1);
        return (lo, hi);
    }

    /// <summary>dst[i] += a · src[i], in Vector&lt;T&gt; steps and a scalar tail (rows are short: a call into TensorPrimitives per tap costs more than the loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd<T>(ReadOnlySpan<T> src, T a, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = dst.Length, i = 0;
        ref T s = ref MemoryMarshal.GetReference(src);
        ref T d = ref MemoryMarshal.GetReference(dst);
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count)
        {
            var va = new Vector<T>(a);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = Vector.LoadUnsafe(ref s, (nuint)i) * va + Vector.LoadUnsafe(ref d, (nuint)i);
                v.StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < length; i++)
            Unsafe.Add(ref d, i) += a * Unsafe.Add(ref s, i);
    }
}
