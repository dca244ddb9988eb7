using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

/// <summary>
/// A depthwise convolution (one input channel per group: groups = C, Cout = k·C) and its two
/// gradients computed directly on NCHW planes, without a column matrix: output channel o reads
/// only input channel o / k, so each output plane is a small 2-D correlation of one input plane
/// with one KH×KW filter. Lowered onto the GEMM, the same convolution would copy the input KH·KW
/// times into columns and then run one GEMM of k rows and KH·KW depth per group: mostly copying.
/// <para>
/// All three products walk the taps the same way. The plane they read (the input for the forward
/// and the weight gradient, the output gradient for the input gradient) is first copied into a
/// zero-bordered scratch plane (<see cref="Source"/>), so that every tap of every output reads
/// inside it: no edge cases, and the output row is one run of vectors along its width. A column
/// stride s is taken by storing each scratch row as its s phases (columns r, r + s, r + 2s, …
/// side by side): tap j then reads consecutive elements of one phase, a unit-stride vector load.
/// The input gradient, a transposed convolution, is the correlation of the output gradient (spread
/// out by the stride, zeros between) with the flipped filter, over the same walker.
/// </para>
/// <para>
/// Along a row the outputs are vectors of <see cref="Vector{T}"/>; a row not a whole number of
/// vectors wide ends with one vector ending at its last column (overlapping the one before it:
/// recomputing an output is harmless, and the weight gradient masks the lanes already counted); a
/// row narrower than a vector goes through a vector-wide buffer. Several output rows are computed
/// per pass over the taps, sharing each tap's weight and offset. Planes are split across the
/// worker threads; the weight gradient sums each thread's partial sums in a fixed order after.
/// </para>
/// </summary>
internal static class DepthwiseConvolutionKernels
{
    /// <summary>Turns the direct path off on this thread (tests compare it with the GEMM lowering).</summary>
    [ThreadStatic] internal static bool Disabled;

    /// <summary>Whether a geometry is a depthwise convolution (more than one group, one input channel each) and the direct path is on.</summary>
    public static bool Applies(in ConvGeometry g) => !Disabled && g.Groups > 1 && g.CinG == 1;

    /// <summary>
    /// A zero-bordered scratch plane of <see cref="Rows"/> × <see cref="Columns"/> logical
    /// elements, each row stored as its <see cref="Phases"/> column phases of
    /// <see cref="PhaseWidth"/> elements (the last <see cref="Vector{T}"/>'s worth of each being
    /// slack that vector loads past the end of a narrow row may read).
    /// </summary>
    private readonly record struct Source(int Rows, int Columns, int Phases, int PhaseWidth)
    {
        public static Source Of(int rows, int columns, int phases, int vector)
            => new(rows, columns, phases, (columns + phases - 1) / phases + vector);

        /// <summary>Elements of the stored plane.</summary>
        public int Length => Rows * Phases * PhaseWidth;

        /// <summary>Where logical element (row, column) is stored.</summary>
        public int Index(int row, int column) => ((row * Phases) + (column % Phases)) * PhaseWidth + (column / Phases);

        /// <summary>Where tap (i, j) of output (0, 0) reads, for a convolution of stride (·, <see cref="Phases"/>) and dilation (dh, dw).</summary>
        public int TapOffset(int i, int j, int dh, int dw) => Index(i * dh, j * dw);
    }

    /// <summary>The scratch plane the forward and the weight gradient read: the input, padded, in <c>g.SW</c> phases.</summary>
    private static Source InputSource(in ConvGeometry g, int vector)
        => Source.Of((g.OH - 1) * g.SH + (g.KH - 1) * g.DH + 1, (g.OW - 1) * g.SW + (g.KW - 1) * g.DW + 1, g.SW, vector);

    /// <summary>Copies an input plane into its scratch plane at (PH, PW), leaving the rest (zeroed once) alone; rows and columns no output reads are left out.</summary>
    private static void FillInput<T>(ReadOnlySpan<T> plane, Span<T> scratch, in Source s, in ConvGeometry g)
    {
        int rows = Math.Min(g.H, s.Rows - g.PH), columns = Math.Min(g.W, s.Columns - g.PW);
        if (columns <= 0) return;
        for (int r = 0; r < rows; r++)
        {
            var row = plane.Slice(r * g.W, columns);
            if (s.Phases == 1)
            {
                row.CopyTo(scratch.Slice(s.Index(r + g.PH, g.PW), columns));
                continue;
            }
            if (s.Phases == 2)
            {
                // Column c goes to phase (c + PW) % 2: the image's even and odd columns are split in one pass.
                int evenPhaseFirst = g.PW % 2; // the first image column of phase 0
                var phase0 = scratch.Slice(s.Index(r + g.PH, evenPhaseFirst + g.PW));
                var phase1 = scratch.Slice(s.Index(r + g.PH, (1 - evenPhaseFirst) + g.PW));
                if (evenPhaseFirst == 1)
                {
                    phase1[0] = row[0];
                    row = row[1..];
                    phase1 = phase1[1..];
                }
                Deinterleave(row, phase0, phase1);
                continue;
            }
            // De-interleaved into the phases, each a contiguous run.
            for (int phase = 0; phase < s.Phases; phase++)
            {
                int first = ((phase - g.PW) % s.Phases + s.Phases) % s.Phases; // first image column of this phase
                if (first >= columns) continue;
                var dst = scratch.Slice(s.Index(r + g.PH, first + g.PW));
                for (int c = first, m = 0; c < columns; c += s.Phases, m++)
                    dst[m] = row[c];
            }
        }
    }

    /// <summary>even[m] = src[2m], odd[m] = src[2m + 1] for the elements src has.</summary>
    private static void Deinterleave<T>(ReadOnlySpan<T> src, Span<T> even, Span<T> odd)
    {
        int pairs = src.Length / 2, m = 0;
        if (Sse2.IsSupported && typeof(T) == typeof(float))
        {
            ref float s = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(src));
            ref float e = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(even));
            ref float o = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(odd));
            for (; m <= pairs - 4; m += 4)
            {
                var a = Vector128.LoadUnsafe(ref s, (nuint)(2 * m));
                var b = Vector128.LoadUnsafe(ref s, (nuint)(2 * m + 4));
                Sse.Shuffle(a, b, 0b10_00_10_00).StoreUnsafe(ref e, (nuint)m);
                Sse.Shuffle(a, b, 0b11_01_11_01).StoreUnsafe(ref o, (nuint)m);
            }
        }
        else if (Sse2.IsSupported && typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(src));
            ref double e = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(even));
            ref double o = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(odd));
            for (; m <= pairs - 2; m += 2)
            {
                var a = Vector128.LoadUnsafe(ref s, (nuint)(2 * m));
                var b = Vector128.LoadUnsafe(ref s, (nuint)(2 * m + 2));
                Sse2.UnpackLow(a, b).StoreUnsafe(ref e, (nuint)m);
                Sse2.UnpackHigh(a, b).StoreUnsafe(ref o, (nuint)m);
            }
        }
        for (; m < pairs; m++)
        {
            even[m] = src[2 * m];
            odd[m] = src[2 * m + 1];
        }
        if (src.Length % 2 == 1)
            even[pairs] = src[^1];
    }

    /// <summary>y = conv(x, w) (+ bias): x [N, C, H, W], w [Cout, 1, KH, KW], y [N, Cout, OH, OW] (overwritten).</summary>
    public static void Forward<T>(ArraySegment<T> x, ArraySegment<T> w, ArraySegment<T>? bias, ArraySegment<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.C, taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        if (planes == 0 || l == 0 || k == 0) return;
        var source = InputSource(in g, Vector<T>.Count);
        var offsets = new int[taps];
        for (int i = 0; i < g.KH; i++)
            for (int j = 0; j < g.KW; j++)
                offsets[i * g.KW + j] = source.TapOffset(i, j, g.DH, g.DW);
        int rowStep = g.SH * source.Phases * source.PhaseWidth;
        ParallelRanges.For(planes, (long)planes * k * l * taps, (p0, p1) =>
        {
            T[] rented = ArrayPool<T>.Shared.Rent(source.Length);
            try
            {
                var scratch = rented.AsSpan(0, source.Length);
                scratch.Clear();
                var xs = x.AsSpan();
                var ws = w.AsSpan();
                var ys = y.AsSpan();
                for (int p = p0; p < p1; p++)
                {
                    int c = p % g.C;
                    FillInput(xs.Slice(p * hw, hw), scratch, in source, in g);
                    for (int o = c * k; o < (c + 1) * k; o++)
                        Correlate(scratch, offsets, ws.Slice(o * taps, taps), bias is { } b ? b[o] : T.Zero,
                            rowStep, ys.Slice(((p / g.C * g.Cout) + o) * l, l), g.OH, g.OW);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        });
    }

    /// <summary>
    /// gx = the input gradient of y = conv(x, w) for the output gradient gy: gy [N, Cout, OH, OW],
    /// w [Cout, 1, KH, KW], gx [N, C, H, W] (overwritten). Each output-gradient plane is placed in
    /// a scratch plane at (oy·SH + (KH−1)·DH − PH, ox·SW + (KW−1)·DW − PW), zeros elsewhere; gx is
    /// then its stride-1 correlation with the flipped filter (summed over the k output channels
    /// that read the input channel, each its own scratch plane).
    /// </summary>
    public static void InputGrad<T>(ArraySegment<T> gy, ArraySegment<T> w, ArraySegment<T> gx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.C, taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        if (planes == 0 || hw == 0) return;
        if (l == 0 || k == 0)
        {
            gx.AsSpan().Clear();
            return;
        }
        var source = Source.Of(g.H + (g.KH - 1) * g.DH, g.W + (g.KW - 1) * g.DW, 1, Vector<T>.Count);
        int top = (g.KH - 1) * g.DH - g.PH, left = (g.KW - 1) * g.DW - g.PW;
        // Tap (i', j') of the flipped filter over output channel s's scratch plane (the k planes side by side).
        var offsets = new int[k * taps];
        for (int s = 0; s < k; s++)
            for (int i = 0; i < g.KH; i++)
                for (int j = 0; j < g.KW; j++)
                    offsets[(s * taps) + (i * g.KW) + j] = (s * source.Length) + source.TapOffset(i, j, g.DH, g.DW);
        // The output gradient's columns and rows that land inside the scratch plane.
        int oxLo = Math.Max(0, CeilDiv(-left, g.SW)), oxHi = Math.Min(g.OW, CeilDiv(source.Columns - left, g.SW));
        int oyLo = Math.Max(0, CeilDiv(-top, g.SH)), oyHi = Math.Min(g.OH, CeilDiv(source.Rows - top, g.SH));
        ParallelRanges.For(planes, (long)planes * k * hw * taps, (p0, p1) =>
        {
            T[] rented = ArrayPool<T>.Shared.Rent(k * source.Length);
            T[] flipped = ArrayPool<T>.Shared.Rent(k * taps);
            try
            {
                var scratch = rented.AsSpan(0, k * source.Length);
                scratch.Clear();
                var gys = gy.AsSpan();
                var ws = w.AsSpan();
                var gxs = gx.AsSpan();
                for (int p = p0; p < p1; p++)
                {
                    int n = p / g.C, c = p % g.C;
                    for (int s = 0; s < k; s++)
                    {
                        int o = c * k + s;
                        var filter = ws.Slice(o * taps, taps);
                        for (int t = 0; t < taps; t++)
                            flipped[s * taps + t] = filter[taps - 1 - t];
                        var plane = gys.Slice((n * g.Cout + o) * l, l);
                        var dst = scratch.Slice(s * source.Length, source.Length);
                        for (int oy = oyLo; oy < oyHi; oy++)
                        {
                            var row = plane.Slice(oy * g.OW, g.OW);
                            int at = source.Index(oy * g.SH + top, 0);
                            if (g.SW == 1)
                                row[oxLo..oxHi].CopyTo(dst.Slice(at + oxLo + left));
                            else
                                for (int ox = oxLo; ox < oxHi; ox++)
                                    dst[at + ox * g.SW + left] = row[ox];
                        }
                    }
                    Correlate(scratch, offsets, flipped.AsSpan(0, k * taps), T.Zero, source.PhaseWidth, gxs.Slice(p * hw, hw), g.H, g.W);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
                ArrayPool<T>.Shared.Return(flipped);
            }
        });
    }

    /// <summary>
    /// gw = the weight gradient of y = conv(x, w) for the output gradient gy: gw[o, 0, i, j] is the
    /// sum over samples and output positions of gy times the input under tap (i, j). x [N, C, H, W],
    /// gy [N, Cout, OH, OW], gw [Cout, 1, KH, KW] (overwritten). The input planes are split across
    /// the threads, each summing into its own [Cout, KH·KW] partial sums, added up in order after.
    /// </summary>
    public static void WeightGrad<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.C, taps = g.KH * g.KW, k = g.CoutG, hw = g.H * g.W, l = g.L;
        var sums = gw.AsSpan();
        sums.Clear();
        if (planes == 0 || l == 0 || k == 0) return;
        var source = InputSource(in g, Vector<T>.Count);
        var offsets = new int[taps];
        for (int i = 0; i < g.KH; i++)
            for (int j = 0; j < g.KW; j++)
                offsets[i * g.KW + j] = source.TapOffset(i, j, g.DH, g.DW);
        int rowStep = g.SH * source.Phases * source.PhaseWidth;
        var partials = new List<(int First, T[] Sums)>();
        ParallelRanges.For(planes, (long)planes * k * l * taps, (p0, p1) =>
        {
            T[] rented = ArrayPool<T>.Shared.Rent(source.Length);
            var partial = new T[g.Cout * taps];
            try
            {
                var scratch = rented.AsSpan(0, source.Length);
                scratch.Clear();
                var xs = x.AsSpan();
                var gys = gy.AsSpan();
                for (int p = p0; p < p1; p++)
                {
                    int n = p / g.C, c = p % g.C;
                    FillInput(xs.Slice(p * hw, hw), scratch, in source, in g);
                    for (int o = c * k; o < (c + 1) * k; o++)
                        CorrelateSums(scratch, offsets, gys.Slice((n * g.Cout + o) * l, l), rowStep, g.OH, g.OW, partial.AsSpan(o * taps, taps));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(rented);
            }
            lock (partials)
                partials.Add((p0, partial));
        });
        // In the order of the planes, so that the sum depends only on the number of threads.
        partials.Sort((a, b) => a.First.CompareTo(b.First));
        foreach (var (_, partial) in partials)
            for (int t = 0; t < sums.Length; t++)
                sums[t] += partial[t];
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    /// <summary>
    /// out[oy, ox] = init + Σ_t weights[t] · src[oy·rowStep + offsets[t] + ox] for an output plane
    /// of <paramref name="rows"/> × <paramref name="width"/>: the walker of the forward and the
    /// input gradient. Four output rows at a time share each tap's weight and offset.
    /// </summary>
    private static void Correlate<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> offsets, ReadOnlySpan<T> weights, T init, int rowStep,
        Span<T> output, int rows, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = offsets.Length, vc = Vector<T>.Count;
        ref T s0 = ref MemoryMarshal.GetReference(src);
        ref int off0 = ref MemoryMarshal.GetReference(offsets);
        ref T w0 = ref MemoryMarshal.GetReference(weights);
        ref T out0 = ref MemoryMarshal.GetReference(output);
        if (!Vector.IsHardwareAccelerated)
        {
            for (int oy = 0; oy < rows; oy++)
                for (int ox = 0; ox < width; ox++)
                {
                    T sum = init;
                    int at = oy * rowStep + ox;
                    for (int t = 0; t < taps; t++)
                        sum += Unsafe.Add(ref w0, t) * Unsafe.Add(ref s0, at + Unsafe.Add(ref off0, t));
                    Unsafe.Add(ref out0, oy * width + ox) = sum;
                }
            return;
        }
        var vInit = new Vector<T>(init);
        if (width < vc)
        {
            // A narrow row: computed a whole vector wide into a buffer (the scratch plane has the
            // slack to be read that far), then its first columns copied out.
            Span<T> buffer = stackalloc T[vc];
            for (int oy = 0; oy < rows; oy++)
            {
                var acc = vInit;
                int at = oy * rowStep;
                for (int t = 0; t < taps; t++)
                    acc = MultiplyAdd(new Vector<T>(Unsafe.Add(ref w0, t)), Vector.LoadUnsafe(ref s0, (nuint)(at + Unsafe.Add(ref off0, t))), acc);
                acc.CopyTo(buffer);
                buffer[..width].CopyTo(output.Slice(oy * width, width));
            }
            return;
        }
        if (UseVector512 && width >= Vector512<T>.Count)
        {
            Correlate512(src, offsets, weights, init, rowStep, output, rows, width);
            return;
        }
        int last = width - vc;
        int oy0 = 0;
        for (; oy0 <= rows - 4; oy0 += 4)
        {
            int at = oy0 * rowStep;
            for (int ox = 0; ; ox += vc)
            {
                if (ox > last) ox = last;
                Vector<T> a0 = vInit, a1 = vInit, a2 = vInit, a3 = vInit;
                ref T s = ref Unsafe.Add(ref s0, at + ox);
                for (int t = 0; t < taps; t++)
                {
                    var wv = new Vector<T>(Unsafe.Add(ref w0, t));
                    ref T st = ref Unsafe.Add(ref s, Unsafe.Add(ref off0, t));
                    a0 = MultiplyAdd(wv, Vector.LoadUnsafe(ref st), a0);
                    a1 = MultiplyAdd(wv, Vector.LoadUnsafe(ref st, (nuint)rowStep), a1);
                    a2 = MultiplyAdd(wv, Vector.LoadUnsafe(ref st, (nuint)(2 * rowStep)), a2);
                    a3 = MultiplyAdd(wv, Vector.LoadUnsafe(ref st, (nuint)(3 * rowStep)), a3);
                }
                ref T o = ref Unsafe.Add(ref out0, oy0 * width + ox);
                a0.StoreUnsafe(ref o);
                a1.StoreUnsafe(ref o, (nuint)width);
                a2.StoreUnsafe(ref o, (nuint)(2 * width));
                a3.StoreUnsafe(ref o, (nuint)(3 * width));
                if (ox == last) break;
            }
        }
        for (; oy0 < rows; oy0++)
        {
            int at = oy0 * rowStep;
            for (int ox = 0; ; ox += vc)
            {
                if (ox > last) ox = last;
                var a0 = vInit;
                ref T s = ref Unsafe.Add(ref s0, at + ox);
                for (int t = 0; t < taps; t++)
                    a0 = MultiplyAdd(new Vector<T>(Unsafe.Add(ref w0, t)), Vector.LoadUnsafe(ref Unsafe.Add(ref s, Unsafe.Add(ref off0, t))), a0);
                a0.StoreUnsafe(ref Unsafe.Add(ref out0, oy0 * width + ox));
                if (ox == last) break;
            }
        }
    }

    /// <summary>
    /// sums[t] += Σ_{oy, ox} gy[oy, ox] · src[oy·rowStep + offsets[t] + ox] over an output-gradient
    /// plane of <paramref name="rows"/> × <paramref name="width"/>: the weight gradient's walker.
    /// The last vector of a row that is not a whole number of vectors wide overlaps the one before
    /// it; its lanes already counted are masked out (not multiplied by zero, which would turn an
    /// infinite input into NaN).
    /// </summary>
    private static void CorrelateSums<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> offsets, ReadOnlySpan<T> gy, int rowStep,
        int rows, int width, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = offsets.Length, vc = Vector<T>.Count;
        ref T s0 = ref MemoryMarshal.GetReference(src);
        ref T g0 = ref MemoryMarshal.GetReference(gy);
        if (!Vector.IsHardwareAccelerated)
        {
            for (int t = 0; t < taps; t++)
            {
                T sum = T.Zero;
                for (int oy = 0; oy < rows; oy++)
                {
                    int at = oy * rowStep + offsets[t];
                    for (int ox = 0; ox < width; ox++)
                        sum += Unsafe.Add(ref g0, oy * width + ox) * Unsafe.Add(ref s0, at + ox);
                }
                sums[t] += sum;
            }
            return;
        }
        if (width < vc)
        {
            // A narrow row: its output gradient copied into a vector-wide buffer, the lanes past
            // the row masked out.
            Span<T> buffer = stackalloc T[vc];
            buffer.Clear();
            var inRow = Vector.LessThan(Vector<T>.Indices, new Vector<T>(T.CreateTruncating(width)));
            for (int t = 0; t < taps; t++)
            {
                var acc = Vector<T>.Zero;
                for (int oy = 0; oy < rows; oy++)
                {
                    gy.Slice(oy * width, width).CopyTo(buffer);
                    var product = new Vector<T>(buffer) * Vector.LoadUnsafe(ref s0, (nuint)(oy * rowStep + offsets[t]));
                    acc += Vector.ConditionalSelect(inRow, product, Vector<T>.Zero);
                }
                sums[t] += Vector.Sum(acc);
            }
            return;
        }
        if (UseVector512 && width >= Vector512<T>.Count)
        {
            CorrelateSums512(src, offsets, gy, rowStep, rows, width, sums);
            return;
        }
        int full = width / vc * vc, last = width - vc;
        // The last vector's lanes below `full - last` were counted by the vector before it.
        var fresh = Vector.GreaterThanOrEqual(Vector<T>.Indices, new Vector<T>(T.CreateTruncating(full - last)));
        int tap = 0;
        // Four taps per pass over the plane: each output-gradient vector loaded once for all four.
        for (; tap <= taps - 4; tap += 4)
        {
            Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero, a2 = Vector<T>.Zero, a3 = Vector<T>.Zero;
            nuint o0 = (nuint)offsets[tap], o1 = (nuint)offsets[tap + 1], o2 = (nuint)offsets[tap + 2], o3 = (nuint)offsets[tap + 3];
            for (int oy = 0; oy < rows; oy++)
            {
                ref T gRow = ref Unsafe.Add(ref g0, oy * width);
                ref T sRow = ref Unsafe.Add(ref s0, oy * rowStep);
                for (int ox = 0; ox < full; ox += vc)
                {
                    var gv = Vector.LoadUnsafe(ref gRow, (nuint)ox);
                    ref T s = ref Unsafe.Add(ref sRow, ox);
                    a0 = MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o0), a0);
                    a1 = MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o1), a1);
                    a2 = MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o2), a2);
                    a3 = MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o3), a3);
                }
                if (full != width)
                {
                    var gv = Vector.LoadUnsafe(ref gRow, (nuint)last);
                    ref T s = ref Unsafe.Add(ref sRow, last);
                    a0 = Vector.ConditionalSelect(fresh, MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o0), a0), a0);
                    a1 = Vector.ConditionalSelect(fresh, MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o1), a1), a1);
                    a2 = Vector.ConditionalSelect(fresh, MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o2), a2), a2);
                    a3 = Vector.ConditionalSelect(fresh, MultiplyAdd(gv, Vector.LoadUnsafe(ref s, o3), a3), a3);
                }
            }
            sums[tap] += Vector.Sum(a0);
            sums[tap + 1] += Vector.Sum(a1);
            sums[tap + 2] += Vector.Sum(a2);
            sums[tap + 3] += Vector.Sum(a3);
        }
        for (; tap < taps; tap++)
        {
            Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero;
            ref T st = ref Unsafe.Add(ref s0, offsets[tap]);
            for (int oy = 0; oy < rows; oy++)
            {
                ref T gRow = ref Unsafe.Add(ref g0, oy * width);
                ref T sRow = ref Unsafe.Add(ref st, oy * rowStep);
                int ox = 0;
                for (; ox <= full - 2 * vc; ox += 2 * vc)
                {
                    a0 = MultiplyAdd(Vector.LoadUnsafe(ref gRow, (nuint)ox), Vector.LoadUnsafe(ref sRow, (nuint)ox), a0);
                    a1 = MultiplyAdd(Vector.LoadUnsafe(ref gRow, (nuint)(ox + vc)), Vector.LoadUnsafe(ref sRow, (nuint)(ox + vc)), a1);
                }
                if (ox < full)
                    a0 = MultiplyAdd(Vector.LoadUnsafe(ref gRow, (nuint)ox), Vector.LoadUnsafe(ref sRow, (nuint)ox), a0);
                if (full != width)
                    a1 = Vector.ConditionalSelect(fresh,
                        MultiplyAdd(Vector.LoadUnsafe(ref gRow, (nuint)last), Vector.LoadUnsafe(ref sRow, (nuint)last), a1), a1);
            }
            sums[tap] += Vector.Sum(a0 + a1);
        }
    }

    /// <summary>
    /// Whether rows at least a <see cref="Vector512{T}"/> wide take <see cref="Correlate512"/> and
    /// <see cref="CorrelateSums512"/> (half the instructions of <see cref="Vector{T}"/>, which is
    /// 256 bits wide even where 512-bit vectors are available). Not readonly: a benchmark compares both.
    /// </summary>
    internal static bool UseVector512 = Vector512.IsHardwareAccelerated;

    /// <summary><see cref="Correlate"/> in 512-bit vectors, for rows at least one such vector wide.</summary>
    private static void Correlate512<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> offsets, ReadOnlySpan<T> weights, T init, int rowStep,
        Span<T> output, int rows, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = offsets.Length, vc = Vector512<T>.Count, last = width - vc;
        ref T s0 = ref MemoryMarshal.GetReference(src);
        ref int off0 = ref MemoryMarshal.GetReference(offsets);
        ref T w0 = ref MemoryMarshal.GetReference(weights);
        ref T out0 = ref MemoryMarshal.GetReference(output);
        var vInit = Vector512.Create(init);
        int oy0 = 0;
        for (; oy0 <= rows - 4; oy0 += 4)
        {
            int at = oy0 * rowStep;
            for (int ox = 0; ; ox += vc)
            {
                if (ox > last) ox = last;
                Vector512<T> a0 = vInit, a1 = vInit, a2 = vInit, a3 = vInit;
                ref T s = ref Unsafe.Add(ref s0, at + ox);
                for (int t = 0; t < taps; t++)
                {
                    var wv = Vector512.Create(Unsafe.Add(ref w0, t));
                    ref T st = ref Unsafe.Add(ref s, Unsafe.Add(ref off0, t));
                    a0 = MultiplyAdd(wv, Vector512.LoadUnsafe(ref st), a0);
                    a1 = MultiplyAdd(wv, Vector512.LoadUnsafe(ref st, (nuint)rowStep), a1);
                    a2 = MultiplyAdd(wv, Vector512.LoadUnsafe(ref st, (nuint)(2 * rowStep)), a2);
                    a3 = MultiplyAdd(wv, Vector512.LoadUnsafe(ref st, (nuint)(3 * rowStep)), a3);
                }
                ref T o = ref Unsafe.Add(ref out0, oy0 * width + ox);
                a0.StoreUnsafe(ref o);
                a1.StoreUnsafe(ref o, (nuint)width);
                a2.StoreUnsafe(ref o, (nuint)(2 * width));
                a3.StoreUnsafe(ref o, (nuint)(3 * width));
                if (ox == last) break;
            }
        }
        for (; oy0 < rows; oy0++)
        {
            int at = oy0 * rowStep;
            for (int ox = 0; ; ox += vc)
            {
                if (ox > last) ox = last;
                var a0 = vInit;
                ref T s = ref Unsafe.Add(ref s0, at + ox);
                for (int t = 0; t < taps; t++)
                    a0 = MultiplyAdd(Vector512.Create(Unsafe.Add(ref w0, t)), Vector512.LoadUnsafe(ref Unsafe.Add(ref s, Unsafe.Add(ref off0, t))), a0);
                a0.StoreUnsafe(ref Unsafe.Add(ref out0, oy0 * width + ox));
                if (ox == last) break;
            }
        }
    }

    /// <summary><see cref="CorrelateSums"/> in 512-bit vectors, for rows at least one such vector wide.</summary>
    private static void CorrelateSums512<T>(ReadOnlySpan<T> src, ReadOnlySpan<int> offsets, ReadOnlySpan<T> gy, int rowStep,
        int rows, int width, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int taps = offsets.Length, vc = Vector512<T>.Count;
        ref T s0 = ref MemoryMarshal.GetReference(src);
        ref T g0 = ref MemoryMarshal.GetReference(gy);
        int full = width / vc * vc, last = width - vc;
        var fresh = Vector512.GreaterThanOrEqual(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(full - last)));
        int tap = 0;
        for (; tap <= taps - 4; tap += 4)
        {
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, a2 = Vector512<T>.Zero, a3 = Vector512<T>.Zero;
            nuint o0 = (nuint)offsets[tap], o1 = (nuint)offsets[tap + 1], o2 = (nuint)offsets[tap + 2], o3 = (nuint)offsets[tap + 3];
            for (int oy = 0; oy < rows; oy++)
            {
                ref T gRow = ref Unsafe.Add(ref g0, oy * width);
                ref T sRow = ref Unsafe.Add(ref s0, oy * rowStep);
                for (int ox = 0; ox < full; ox += vc)
                {
                    var gv = Vector512.LoadUnsafe(ref gRow, (nuint)ox);
                    ref T s = ref Unsafe.Add(ref sRow, ox);
                    a0 = MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o0), a0);
                    a1 = MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o1), a1);
                    a2 = MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o2), a2);
                    a3 = MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o3), a3);
                }
                if (full != width)
                {
                    var gv = Vector512.LoadUnsafe(ref gRow, (nuint)last);
                    ref T s = ref Unsafe.Add(ref sRow, last);
                    a0 = Vector512.ConditionalSelect(fresh, MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o0), a0), a0);
                    a1 = Vector512.ConditionalSelect(fresh, MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o1), a1), a1);
                    a2 = Vector512.ConditionalSelect(fresh, MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o2), a2), a2);
                    a3 = Vector512.ConditionalSelect(fresh, MultiplyAdd(gv, Vector512.LoadUnsafe(ref s, o3), a3), a3);
                }
            }
            sums[tap] += Vector512.Sum(a0);
            sums[tap + 1] += Vector512.Sum(a1);
            sums[tap + 2] += Vector512.Sum(a2);
            sums[tap + 3] += Vector512.Sum(a3);
        }
        for (; tap < taps; tap++)
        {
            var a0 = Vector512<T>.Zero;
            ref T st = ref Unsafe.Add(ref s0, offsets[tap]);
            for (int oy = 0; oy < rows; oy++)
            {
                ref T gRow = ref Unsafe.Add(ref g0, oy * width);
                ref T sRow = ref Unsafe.Add(ref st, oy * rowStep);
                for (int ox = 0; ox < full; ox += vc)
                    a0 = MultiplyAdd(Vector512.LoadUnsafe(ref gRow, (nuint)ox), Vector512.LoadUnsafe(ref sRow, (nuint)ox), a0);
                if (full != width)
                    a0 = Vector512.ConditionalSelect(fresh,
                        MultiplyAdd(Vector512.LoadUnsafe(ref gRow, (nuint)last), Vector512.LoadUnsafe(ref sRow, (nuint)last), a0), a0);
            }
            sums[tap] += Vector512.Sum(a0);
        }
    }

    /// <summary>a·b + c, fused (512-bit vectors come with a fused multiply-add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return (a * b) + c;
    }

    /// <summary>a·b + c, fused where the hardware has a fused multiply-add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return (a * b) + c;
    }
}
