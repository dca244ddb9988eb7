using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpGrad.Kernels;

/// <summary>
/// The shape of one 2-D pooling over contiguous planes (PyTorch's NCHW layout, N·C planes of
/// InH×InW): each output element (oh, ow) of a plane looks at the window starting at
/// (oh·SH − PH, ow·SW − PW), KH×KW taps DH, DW apart.
/// </summary>
internal readonly record struct PoolGeometry(int Planes, int InH, int InW, int OutH, int OutW,
    int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW)
{
    public int InPlane => InH * InW;
    public int OutPlane => OutH * OutW;
}

/// <summary>
/// Direct loops for max, average and adaptive average pooling and their backward passes, one plane
/// at a time, planes split over the worker pool when the work is large. Each loop follows PyTorch's
/// CPU kernel (aten/src/ATen/native/cpu/{MaxPoolKernel,AvgPoolKernel,AdaptiveAvgPoolKernel}.cpp)
/// operation for operation, so float32 results are PyTorch's bits.
/// </summary>
internal static class PoolingKernels
{
    /// <summary>Runs <paramref name="body"/>(firstPlane, endPlane) over [0, planes), in chunks on the
    /// worker pool when planes × work per plane is large.</summary>
    public static void ForPlanes(int planes, long workPerPlane, Action<int, int> body)
    {
        long total = planes * Math.Max(workPerPlane, 1);
        int chunks = (int)Math.Min(Math.Min(WorkerPool.MaxParallelism, planes), total / (ElementwiseLoops.ParallelThreshold / 2));
        if (chunks <= 1) { body(0, planes); return; }
        var job = new PlaneJob(planes, chunks, body);
        if (!WorkerPool.TryRun(job, chunks))
            for (int c = 0; c < chunks; c++) job.Execute(c);
    }

    private sealed class PlaneJob(int planes, int chunks, Action<int, int> body) : ParallelJob
    {
        public override void Execute(int c)
        {
            int start = (int)((long)planes * c / chunks), end = (int)((long)planes * (c + 1) / chunks);
            if (end > start) body(start, end);
        }
    }

    /// <summary>
    /// Max pooling: y and the flat index (ih·InW + iw) of each window's maximum. A NaN wins, and
    /// of equal values the first in the window does (cpu_max_pool's <c>val &gt; maxval || isnan(val)</c>).
    /// </summary>
    public static void MaxPool<T>(T[] x, int xOff, T[] y, long[] indices, PoolGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsTiling2x2(in g))
        {
            CheckLengths(x.Length - xOff, y.Length, indices.Length, in g);
            ForPlanes(g.Planes, (long)g.OutPlane * 4, (p0, p1) => MaxPoolTiling2x2(x, xOff, y, indices, g, p0, p1));
            return;
        }
        if (g is { KH: 2, KW: 2, PH: 0, PW: 0, DH: 1, DW: 1 })
        {
            ForPlanes(g.Planes, (long)g.OutPlane * 4, (p0, p1) => MaxPool2x2(x, xOff, y, indices, g, p0, p1));
            return;
        }
        ForPlanes(g.Planes, (long)g.OutPlane * g.KH * g.KW, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int xBase = xOff + p * g.InPlane, yBase = p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih0 = oh * g.SH - g.PH;
                    int ih1 = Math.Min(ih0 + (g.KH - 1) * g.DH + 1, g.InH);
                    while (ih0 < 0) ih0 += g.DH;
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        int iw0 = ow * g.SW - g.PW;
                        int iw1 = Math.Min(iw0 + (g.KW - 1) * g.DW + 1, g.InW);
                        while (iw0 < 0) iw0 += g.DW;
                        int maxIndex = ih0 * g.InW + iw0;
                        T maxVal = T.NegativeInfinity;
                        for (int ih = ih0; ih < ih1; ih += g.DH)
                        {
                            int row = xBase + ih * g.InW;
                            for (int iw = iw0; iw < iw1; iw += g.DW)
                            {
                                T v = x[row + iw];
                                if (v > maxVal || T.IsNaN(v)) { maxVal = v; maxIndex = ih * g.InW + iw; }
                            }
                        }
                        y[yBase + oh * g.OutW + ow] = maxVal;
                        indices[yBase + oh * g.OutW + ow] = maxIndex;
                    }
                }
            }
        });
    }

    /// <summary>
    /// Max pooling with 2×2 windows, no padding and no dilation (the common <c>MaxPool2d(2)</c>),
    /// planes [p0, p1): the same comparisons in the same order as <see cref="MaxPool{T}"/>'s general
    /// loop, unrolled, with the geometry in locals. A window that ceil_mode lets run past the
    /// input's edge keeps only its taps inside.
    /// </summary>
    private static void MaxPool2x2<T>(T[] x, int xOff, T[] y, long[] indices, PoolGeometry g, int p0, int p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inH = g.InH, inW = g.InW, outH = g.OutH, outW = g.OutW, sh = g.SH, sw = g.SW;
        int inPlane = g.InPlane, outPlane = g.OutPlane;
        for (int p = p0; p < p1; p++)
        {
            int xBase = xOff + p * inPlane, yBase = p * outPlane;
            for (int oh = 0; oh < outH; oh++)
            {
                int ih = oh * sh;
                bool secondRow = ih + 1 < inH;
                int yRow = yBase + oh * outW;
                for (int ow = 0; ow < outW; ow++)
                {
                    int iw = ow * sw;
                    bool secondColumn = iw + 1 < inW;
                    int first = ih * inW + iw;
                    // The first tap replaces −∞ unless it is −∞ itself, which leaves the same value and index.
                    T maxVal = x[xBase + first];
                    int maxIndex = first;
                    if (secondColumn)
                    {
                        T v = x[xBase + first + 1];
                        if (v > maxVal || T.IsNaN(v)) { maxVal = v; maxIndex = first + 1; }
                    }
                    if (secondRow)
                    {
                        int below = first + inW;
                        T v = x[xBase + below];
                        if (v > maxVal || T.IsNaN(v)) { maxVal = v; maxIndex = below; }
                        if (secondColumn)
                        {
                            v = x[xBase + below + 1];
                            if (v > maxVal || T.IsNaN(v)) { maxVal = v; maxIndex = below + 1; }
                        }
                    }
                    y[yRow + ow] = maxVal;
                    indices[yRow + ow] = maxIndex;
                }
            }
        }
    }

    /// <summary>
    /// 2×2 windows at stride 2 without padding, dilation or windows past the edge (MaxPool2d(2) in
    /// floor mode): the windows tile the input (but for an odd last row or column), so each output
    /// reads two input rows that no other output of its row of windows reads.
    /// </summary>
    public static bool IsTiling2x2(in PoolGeometry g)
        => g is { KH: 2, KW: 2, SH: 2, SW: 2, PH: 0, PW: 0, DH: 1, DW: 1 } && 2 * g.OutH <= g.InH && 2 * g.OutW <= g.InW;

    /// <summary>The bounds the unchecked loops below rely on.</summary>
    private static void CheckLengths(int inputLength, int outputLength, int indicesLength, in PoolGeometry g)
    {
        if (inputLength < (long)g.Planes * g.InPlane || outputLength < (long)g.Planes * g.OutPlane || indicesLength < (long)g.Planes * g.OutPlane)
            throw new ArgumentException("max pooling buffers are shorter than the pooling's planes");
    }

    /// <summary>
    /// <see cref="MaxPool{T}"/> for <see cref="IsTiling2x2"/> geometries, planes [p0, p1): the same
    /// four comparisons in the same order, without bounds checks (the lengths are checked before).
    /// </summary>
    private static void MaxPoolTiling2x2<T>(T[] x, int xOff, T[] y, long[] indices, PoolGeometry g, int p0, int p1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inW = g.InW, outH = g.OutH, outW = g.OutW, inPlane = g.InPlane, outPlane = g.OutPlane;
        ref T x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref T y0 = ref MemoryMarshal.GetArrayDataReference(y);
        ref long i0 = ref MemoryMarshal.GetArrayDataReference(indices);
        for (int p = p0; p < p1; p++)
        {
            for (int oh = 0; oh < outH; oh++)
            {
                int top = 2 * oh * inW;
                ref T row0 = ref Unsafe.Add(ref x0, xOff + p * inPlane + top);
                ref T row1 = ref Unsafe.Add(ref row0, inW);
                int o = p * outPlane + oh * outW;
                int ow = typeof(T) == typeof(float)
                    ? MaxPoolTiling2x2Vector(ref Unsafe.As<T, float>(ref row0), ref Unsafe.As<T, float>(ref row1), inW, top, outW,
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref y0, o)), ref Unsafe.Add(ref i0, o))
                    : 0;
                // The tail's block reads 16 columns of both rows from its first window on: past the
                // row's end but inside the array (the windows of the last rows of the array stay scalar).
                if (typeof(T) == typeof(float) && xOff + p * inPlane + top + inW + 2 * ow + 16 <= x.Length)
                    ow += MaxPoolTiling2x2VectorTail(ref Unsafe.As<T, float>(ref row0), ref Unsafe.As<T, float>(ref row1), inW, top, ow, outW,
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref y0, o)), ref Unsafe.Add(ref i0, o));
                for (o += ow; ow < outW; ow++, o++)
                {
                    int c = 2 * ow;
                    T max = Unsafe.Add(ref row0, c);
                    int at = c;
                    T v = Unsafe.Add(ref row0, c + 1);
                    if (v > max || T.IsNaN(v)) { max = v; at = c + 1; }
                    v = Unsafe.Add(ref row1, c);
                    if (v > max || T.IsNaN(v)) { max = v; at = inW + c; }
                    v = Unsafe.Add(ref row1, c + 1);
                    if (v > max || T.IsNaN(v)) { max = v; at = inW + c + 1; }
                    Unsafe.Add(ref y0, o) = max;
                    Unsafe.Add(ref i0, o) = top + at;
                }
            }
        }
    }

    /// <summary>
    /// The first windows of one row of <see cref="MaxPoolTiling2x2{T}"/> in float32, eight at a
    /// time, with selects instead of branches (on real data the scalar loop's comparisons are
    /// unpredictable branches): the same comparisons, so the same values, indices and NaN rule.
    /// Returns how many windows it did (0 without 256-bit vectors).
    /// </summary>
    private static int MaxPoolTiling2x2Vector(ref float row0, ref float row1, int inW, int top, int outW, ref float y, ref long indices)
    {
        if (!Vector256.IsHardwareAccelerated)
            return 0;
        var firstColumns = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        int ow = 0;
        for (; ow + 8 <= outW; ow += 8)
        {
            int c = 2 * ow;
            var (max, at) = MaxPoolTiling2x2Block(ref row0, ref row1, inW, c);
            max.StoreUnsafe(ref y, (nuint)ow);
            var (low, high) = Vector256.Widen(at + firstColumns + Vector256.Create(top + c));
            low.StoreUnsafe(ref indices, (nuint)ow);
            high.StoreUnsafe(ref indices, (nuint)(ow + 4));
        }
        return ow;
    }

    /// <summary>The maxima of the eight windows whose top-left columns are c, c + 2, …, c + 14, and each one's offset in its window (0, 1, inW or inW + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> max, Vector256<int> at) MaxPoolTiling2x2Block(ref float row0, ref float row1, int inW, int c)
    {
        var (topLeft, topRight) = Deinterleave(Vector256.LoadUnsafe(ref row0, (nuint)c), Vector256.LoadUnsafe(ref row0, (nuint)(c + 8)));
        var (bottomLeft, bottomRight) = Deinterleave(Vector256.LoadUnsafe(ref row1, (nuint)c), Vector256.LoadUnsafe(ref row1, (nuint)(c + 8)));
        var max = topLeft;
        var at = Vector256<int>.Zero;
        Take(ref max, ref at, topRight, Vector256.Create(1));
        Take(ref max, ref at, bottomLeft, Vector256.Create(inW));
        Take(ref max, ref at, bottomRight, Vector256.Create(inW + 1));
        return (max, at);

        // max, at = v, offset where v > max || isnan(v).
        static void Take(ref Vector256<float> max, ref Vector256<int> at, Vector256<float> v, Vector256<int> offset)
        {
            var wins = Vector256.GreaterThan(v, max) | ~Vector256.Equals(v, v);
            max = Vector256.ConditionalSelect(wins, v, max);
            at = Vector256.ConditionalSelect(wins.AsInt32(), offset, at);
        }
    }

    /// <summary>
    /// The last windows of a row after <see cref="MaxPoolTiling2x2Vector"/>'s blocks of eight
    /// (windows [ow, outW), fewer than eight: all of a 14-wide input's row of seven, as after a
    /// first pooling of 28×28), as one block of eight read from the rows in place, its columns past
    /// the row's end (the next rows' values) computed and dropped: only the first outW − ow results
    /// are stored. The caller checks that the 16 columns of both rows are inside the array. Returns
    /// how many windows it did (0 without 256-bit vectors or with none left).
    /// </summary>
    private static int MaxPoolTiling2x2VectorTail(ref float row0, ref float row1, int inW, int top, int ow, int outW, ref float y, ref long indices)
    {
        int count = outW - ow;
        if (!Vector256.IsHardwareAccelerated || count <= 0 || count >= 8)
            return 0;
        int c = 2 * ow;
        var (max, at) = MaxPoolTiling2x2Block(ref row0, ref row1, inW, c);
        var index = at + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14) + Vector256.Create(top + c);
        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref y, ow + i) = max.GetElement(i);
            Unsafe.Add(ref indices, ow + i) = index.GetElement(i);
        }
        return count;
    }

    /// <summary>The even and the odd elements of the 16 floats a, b (little-endian: an even element is the low half of a 64-bit lane).</summary>
    private static (Vector256<float> even, Vector256<float> odd) Deinterleave(Vector256<float> a, Vector256<float> b)
    {
        var pairsA = a.AsUInt64();
        var pairsB = b.AsUInt64();
        var even = Vector256.Narrow(pairsA, pairsB).AsSingle();
        var odd = Vector256.Narrow(Vector256.ShiftRightLogical(pairsA, 32), Vector256.ShiftRightLogical(pairsB, 32)).AsSingle();
        return (even, odd);
    }

    /// <summary>
    /// <see cref="MaxPoolBackward{T}"/> for <see cref="IsTiling2x2"/> geometries: gradInput need not
    /// be zero-filled (each pair of input rows is cleared, then takes its row of windows' gradients);
    /// an odd last input row is cleared here too.
    /// </summary>
    public static void MaxPoolBackwardTiling2x2<T>(T[] grad, int gOff, long[] indices, int iOff, T[] gradInput, PoolGeometry g)
        where T : unmanaged, INumber<T>
    {
        CheckLengths(gradInput.Length, grad.Length - gOff, indices.Length - iOff, in g);
        ForPlanes(g.Planes, (long)g.OutPlane * 4, (p0, p1) =>
        {
            int inW = g.InW, outW = g.OutW, inPlane = g.InPlane, outPlane = g.OutPlane;
            var gradIn = gradInput.AsSpan();
            for (int p = p0; p < p1; p++)
            {
                var plane = gradIn.Slice(p * inPlane, inPlane);
                plane[(2 * g.OutH * inW)..].Clear();
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int top = 2 * oh * inW;
                    var rows = plane.Slice(top, 2 * inW);
                    int o = p * outPlane + oh * outW;
                    int ow = typeof(T) == typeof(float)
                        ? MaxPoolBackwardTiling2x2Vector(
                            MemoryMarshal.Cast<T, float>(grad.AsSpan(gOff + o, outW)), indices.AsSpan(iOff + o, outW),
                            MemoryMarshal.Cast<T, float>(rows), inW, top)
                        : 0;
                    // What the blocks of eight windows did not write: the rest of both rows.
                    rows[(2 * ow)..inW].Clear();
                    rows[(inW + 2 * ow)..].Clear();
                    for (o += ow; ow < outW; ow++, o++)
                    {
                        long k = indices[iOff + o] - top;
                        // Each index lies in its window, so in these two rows (unless the indices are not max pooling's).
                        if ((ulong)k >= (ulong)rows.Length)
                            throw new InvalidOperationException($"Found an invalid max index: {k + top} (output volumes are of size {g.OutH}x{g.OutW}");
                        rows[(int)k] += grad[gOff + o];
                    }
                }
            }
        });
    }

    /// <summary>
    /// The first windows of one row of <see cref="MaxPoolBackwardTiling2x2{T}"/> in float32, eight
    /// at a time: each window's two pairs of input columns written whole, the gradient where the
    /// window's index points and zero elsewhere (0 + g, as the scalar loop's addition into zeros
    /// makes: −0 becomes +0). Stops before a block with an index outside its window (the scalar loop
    /// then reports it); returns how many windows it did (0 without 256-bit vectors).
    /// </summary>
    private static int MaxPoolBackwardTiling2x2Vector(ReadOnlySpan<float> grad, ReadOnlySpan<long> indices, Span<float> rows, int inW, int top)
    {
        if (!Vector256.IsHardwareAccelerated)
            return 0;
        int outW = grad.Length;
        ref float g0 = ref MemoryMarshal.GetReference(grad);
        ref long k0 = ref MemoryMarshal.GetReference(indices);
        ref float row0 = ref MemoryMarshal.GetReference(rows);
        ref float row1 = ref Unsafe.Add(ref row0, inW);
        var firstColumnsLow = Vector256.Create(0L, 2, 4, 6);
        var firstColumnsHigh = Vector256.Create(8L, 10, 12, 14);
        var right = Vector256.Create(1L);
        var below = Vector256.Create((long)inW);
        var belowRight = Vector256.Create(inW + 1L);
        int ow = 0;
        for (; ow + 8 <= outW; ow += 8)
        {
            int c = 2 * ow;
            var start = Vector256.Create((long)top + c);
            // Each window's index relative to its top-left input pixel: 0, 1, inW or inW + 1.
            var low = Vector256.LoadUnsafe(ref k0, (nuint)ow) - (start + firstColumnsLow);
            var high = Vector256.LoadUnsafe(ref k0, (nuint)(ow + 4)) - (start + firstColumnsHigh);
            var topLeft = Vector256.Narrow(Vector256.Equals(low, Vector256<long>.Zero), Vector256.Equals(high, Vector256<long>.Zero)).AsSingle();
            var topRight = Vector256.Narrow(Vector256.Equals(low, right), Vector256.Equals(high, right)).AsSingle();
            var bottomLeft = Vector256.Narrow(Vector256.Equals(low, below), Vector256.Equals(high, below)).AsSingle();
            var bottomRight = Vector256.Narrow(Vector256.Equals(low, belowRight), Vector256.Equals(high, belowRight)).AsSingle();
            if (!Vector256.EqualsAll((topLeft | topRight | bottomLeft | bottomRight).AsInt32(), Vector256<int>.AllBitsSet))
                break;
            var g = Vector256.LoadUnsafe(ref g0, (nuint)ow);
            StorePairs(ref Unsafe.Add(ref row0, c), (g & topLeft) + Vector256<float>.Zero, (g & topRight) + Vector256<float>.Zero);
            StorePairs(ref Unsafe.Add(ref row1, c), (g & bottomLeft) + Vector256<float>.Zero, (g & bottomRight) + Vector256<float>.Zero);
        }
        return ow;

        // dst[2i] = even[i], dst[2i + 1] = odd[i] for i < 8 (little-endian: an even element is the low half of a 64-bit lane).
        static void StorePairs(ref float dst, Vector256<float> even, Vector256<float> odd)
        {
            var (evenLow, evenHigh) = Vector256.Widen(even.AsUInt32());
            var (oddLow, oddHigh) = Vector256.Widen(odd.AsUInt32());
            (evenLow | Vector256.ShiftLeft(oddLow, 32)).AsSingle().StoreUnsafe(ref dst);
            (evenHigh | Vector256.ShiftLeft(oddHigh, 32)).AsSingle().StoreUnsafe(ref dst, 8);
        }
    }

    /// <summary>Max pooling's backward: gradInput (zero-filled, InPlane per plane) += grad at each
    /// output's argmax.</summary>
    public static void MaxPoolBackward<T>(T[] grad, int gOff, long[] indices, int iOff, T[] gradInput, PoolGeometry g)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(g.Planes, g.OutPlane, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int inBase = p * g.InPlane, outBase = p * g.OutPlane;
                for (int o = 0; o < g.OutPlane; o++)
                {
                    long k = indices[iOff + outBase + o];
                    if ((ulong)k >= (ulong)g.InPlane)
                        throw new InvalidOperationException($"Found an invalid max index: {k} (output volumes are of size {g.OutH}x{g.OutW}");
                    gradInput[inBase + (int)k] += grad[gOff + outBase + o];
                }
            }
        });
    }

    /// <summary>
    /// Average pooling (no dilation): the window is clipped to the padded input for its size
    /// (count_include_pad) and to the input for the sum; the divisor is divisor_override when
    /// given (nonzero), else the padded or the clipped size.
    /// </summary>
    public static void AvgPool<T>(T[] x, int xOff, T[] y, PoolGeometry g, bool countIncludePad, long divisorOverride)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(g.Planes, (long)g.OutPlane * g.KH * g.KW, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int xBase = xOff + p * g.InPlane, yBase = p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        var (ih0, ih1, iw0, iw1, divide) = AvgWindow(g, oh, ow, countIncludePad, divisorOverride);
                        if (ih0 >= ih1 || iw0 >= iw1) { y[yBase + oh * g.OutW + ow] = T.Zero; continue; }
                        T sum = T.Zero;
                        for (int ih = ih0; ih < ih1; ih++)
                            for (int iw = iw0; iw < iw1; iw++)
                                sum += x[xBase + ih * g.InW + iw];
                        y[yBase + oh * g.OutW + ow] = sum / T.CreateChecked(divide);
                    }
            }
        });
    }

    /// <summary>Average pooling's adjoint (its backward): each output's gradient divided by its
    /// divisor, added to every input of its window. gradInput is zero-filled.</summary>
    public static void AvgPoolBackward<T>(T[] grad, int gOff, T[] gradInput, PoolGeometry g, bool countIncludePad, long divisorOverride)
        where T : unmanaged, INumber<T>
    {
        ForPlanes(g.Planes, (long)g.OutPlane * g.KH * g.KW, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int inBase = p * g.InPlane, gBase = gOff + p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        var (ih0, ih1, iw0, iw1, divide) = AvgWindow(g, oh, ow, countIncludePad, divisorOverride);
                        T delta = grad[gBase + oh * g.OutW + ow] / T.CreateChecked(divide);
                        for (int ih = ih0; ih < ih1; ih++)
                            for (int iw = iw0; iw < iw1; iw++)
                                gradInput[inBase + ih * g.InW + iw] += delta;
                    }
            }
        });
    }

    private static (int ih0, int ih1, int iw0, int iw1, long divide) AvgWindow(PoolGeometry g, int oh, int ow, bool countIncludePad, long divisorOverride)
    {
        int ih0 = oh * g.SH - g.PH, iw0 = ow * g.SW - g.PW;
        int ih1 = Math.Min(ih0 + g.KH, g.InH + g.PH), iw1 = Math.Min(iw0 + g.KW, g.InW + g.PW);
        long poolSize = (long)(ih1 - ih0) * (iw1 - iw0);
        ih0 = Math.Max(ih0, 0); iw0 = Math.Max(iw0, 0);
        ih1 = Math.Min(ih1, g.InH); iw1 = Math.Min(iw1, g.InW);
        long divide = divisorOverride != 0 ? divisorOverride
            : countIncludePad ? poolSize : (long)(ih1 - ih0) * (iw1 - iw0);
        return (ih0, ih1, iw0, iw1, divide);
    }

    /// <summary>PyTorch's adaptive window start, floor(o·in / out).</summary>
    public static int AdaptiveStart(int o, int outSize, int inSize) => (int)((long)o * inSize / outSize);

    /// <summary>PyTorch's adaptive window end, ceil((o + 1)·in / out).</summary>
    public static int AdaptiveEnd(int o, int outSize, int inSize) => (int)(((long)(o + 1) * inSize + outSize - 1) / outSize);

    /// <summary>Adaptive average pooling: each output averages its window (sum / kh / kw, as PyTorch divides).</summary>
    public static void AdaptiveAvgPool<T>(T[] x, int xOff, T[] y, PoolGeometry g) where T : unmanaged, INumber<T>
    {
        long work = (long)g.InPlane * 2;
        ForPlanes(g.Planes, work, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int xBase = xOff + p * g.InPlane, yBase = p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih0 = AdaptiveStart(oh, g.OutH, g.InH), ih1 = AdaptiveEnd(oh, g.OutH, g.InH);
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        int iw0 = AdaptiveStart(ow, g.OutW, g.InW), iw1 = AdaptiveEnd(ow, g.OutW, g.InW);
                        T sum = T.Zero;
                        for (int ih = ih0; ih < ih1; ih++)
                            for (int iw = iw0; iw < iw1; iw++)
                                sum += x[xBase + ih * g.InW + iw];
                        y[yBase + oh * g.OutW + ow] = sum / T.CreateChecked(ih1 - ih0) / T.CreateChecked(iw1 - iw0);
                    }
                }
            }
        });
    }

    /// <summary>Adaptive average pooling's adjoint: grad / kh / kw added to each input of the window.</summary>
    public static void AdaptiveAvgPoolBackward<T>(T[] grad, int gOff, T[] gradInput, PoolGeometry g) where T : unmanaged, INumber<T>
    {
        ForPlanes(g.Planes, (long)g.InPlane * 2, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int inBase = p * g.InPlane, gBase = gOff + p * g.OutPlane;
                for (int oh = 0; oh < g.OutH; oh++)
                {
                    int ih0 = AdaptiveStart(oh, g.OutH, g.InH), ih1 = AdaptiveEnd(oh, g.OutH, g.InH);
                    for (int ow = 0; ow < g.OutW; ow++)
                    {
                        int iw0 = AdaptiveStart(ow, g.OutW, g.InW), iw1 = AdaptiveEnd(ow, g.OutW, g.InW);
                        T delta = grad[gBase + oh * g.OutW + ow] / T.CreateChecked(ih1 - ih0) / T.CreateChecked(iw1 - iw0);
                        for (int ih = ih0; ih < ih1; ih++)
                            for (int iw = iw0; iw < iw1; iw++)
                                gradInput[inBase + ih * g.InW + iw] += delta;
                    }
                }
            }
        });
    }
}
