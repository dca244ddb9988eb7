using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace SharpGrad.Kernels;

/// <summary>
/// Unit-stride convolutions with few output channels (LeNet's 1→6 and 6→16) computed directly, without a column matrix: the GEMM over a column matrix pads such
/// products' few rows or short reduction to whole micro-panels and spends more time unfolding and
/// scattering than multiplying. Each sample's input is copied once into a zero-padded buffer
/// (<c>[C/G, Hp, Wp]</c>, the extent the outputs read: <c>OH + DH·(KH − 1)</c> rows), in which the input row of output row <c>oy</c> under tap
/// <c>(c, i, j)</c> starts at a fixed offset from <c>oy · Wp</c>: a tile of four output channels by
/// one or two vectors of one output row sums, over the taps, a broadcast weight times a vector
/// loaded at that offset, in registers, and is written once (the bias added first). The weight
/// gradient sums, per sample, a tile of four output channels by three taps of products of
/// output-gradient vectors and shifted input vectors. (The input gradient, the same correlation of
/// the output gradient with flipped, transposed weights, measured no faster than the GEMM's and
/// stays there.)
/// Samples are split over the cores; the weight gradient's per-thread sums are added in piece
/// order, so every result is independent of the threads' timing.
/// </summary>
internal static class DirectConvolutionKernels
{
    /// <summary>Output channels per tile (the weights are packed in blocks of this many, zero-padded).</summary>
    private const int ChannelBlock = 4;

    /// <summary>Taps per weight-gradient tile.</summary>
    private const int TapBlock = 3;

    /// <summary>Output channels per group up to which the direct path beats the GEMM's.</summary>
    private const int FewOutputs = 16;

    /// <summary>Taps per output (C/G·KH·KW) from which the direct forward pass beats the GEMM's (measured: LeNet's 150 by 2–3×, its 25 not).</summary>
    private const int ManyTaps = 64;

    /// <summary>Elements of one sample's padded input per group, at most (it stays in L1 or L2).</summary>
    private const int PaddedBudget = 1 << 15;

    /// <summary>Tests set it to take the GEMM path where the direct one would apply.</summary>
    [ThreadStatic] internal static bool Disabled;

    private static bool Usable<T>() => !Disabled && Vector.IsHardwareAccelerated && Vector<T>.Count >= 2;

    /// <summary>
    /// The forward pass goes direct: unit stride, few outputs per group and enough taps per output
    /// (a tile's loop over the taps is the work its setup and stores are paid by: with a first
    /// layer's 25 taps of one channel the GEMM path is as fast), a small padded sample.
    /// </summary>
    public static bool Applies<T>(in ConvGeometry g) where T : unmanaged
        => Unit<T>(in g) && g.CoutG <= FewOutputs && g.Kg >= ManyTaps;

    /// <summary>The weight gradient goes direct: unit stride, few outputs per group, a small padded sample.</summary>
    public static bool AppliesToWeightGrad<T>(in ConvGeometry g) where T : unmanaged
        => Unit<T>(in g) && g.CoutG <= FewOutputs;

    private static bool Unit<T>(in ConvGeometry g) where T : unmanaged
        => Usable<T>() && g.SH == 1 && g.SW == 1 && g.N >= 1 && g.L > 0
           && g.PH >= 0 && g.PW >= 0
           && (long)g.CinG * (g.OH + g.DH * (g.KH - 1)) * (g.OW + g.DW * (g.KW - 1)) <= PaddedBudget;

    /// <summary>One correlation <c>y = Σ w · x</c> with unit stride: input [N, Cin, H, W], output [N, Cout, OH, OW].</summary>
    private readonly record struct Shape(int N, int Cin, int H, int W, int Cout, int Groups,
        int KH, int KW, int PH, int PW, int DH, int DW, int OH, int OW)
    {
        public int CinG => Cin / Groups;
        public int CoutG => Cout / Groups;
        /// <summary>Rows of a padded plane: those the outputs read (the padding after the input, which only shows in OH, may differ from PH).</summary>
        public int Hp => OH + DH * (KH - 1);
        public int Wp => OW + DW * (KW - 1);
        public int Taps => CinG * KH * KW;
        public int Blocks => (CoutG + ChannelBlock - 1) / ChannelBlock;
    }

    /// <summary>y = conv(x, w) (+ bias), as <see cref="ConvolutionKernels.Forward{T}"/>.</summary>
    public static void Forward<T>(ArraySegment<T> x, ArraySegment<T> w, ArraySegment<T>? bias, ArraySegment<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Shape(g.N, g.C, g.H, g.W, g.Cout, g.Groups, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW, g.OH, g.OW);
        // Packed weights: [group, block, tap, 4], tap = (c·KH + i)·KW + j, channel o = block·4 + lane.
        T[] packed = PackWeights<T>(s, (grp, o, c, i, j) => w[(((grp * s.CoutG + o) * s.CinG + c) * s.KH + i) * s.KW + j]);
        try
        {
            Correlate(x, packed, bias, y, s);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(packed);
        }
    }

    private delegate T WeightAt<T>(int group, int output, int input, int i, int j);

    /// <summary>The weights as [group, block, tap, 4] (channels past the group's last zero), from a rented array.</summary>
    private static T[] PackWeights<T>(in Shape s, WeightAt<T> weight) where T : unmanaged, INumberBase<T>
    {
        int taps = s.Taps, blocks = s.Blocks, length = s.Groups * blocks * taps * ChannelBlock;
        T[] packed = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(packed, 0, length);
        for (int grp = 0; grp < s.Groups; grp++)
            for (int o = 0; o < s.CoutG; o++)
            {
                int block = o / ChannelBlock, lane = o % ChannelBlock;
                for (int c = 0; c < s.CinG; c++)
                    for (int i = 0; i < s.KH; i++)
                        for (int j = 0; j < s.KW; j++)
                        {
                            int tap = (c * s.KH + i) * s.KW + j;
                            packed[((grp * blocks + block) * taps + tap) * ChannelBlock + lane] = weight(grp, o, c, i, j);
                        }
            }
        return packed;
    }

    /// <summary>Offsets in a padded sample of one group ([C/G, Hp, Wp]) of each tap's first input, relative to its output's row start.</summary>
    private static int[] TapOffsets(in Shape s)
    {
        var offsets = new int[s.Taps];
        for (int c = 0; c < s.CinG; c++)
            for (int i = 0; i < s.KH; i++)
                for (int j = 0; j < s.KW; j++)
                    offsets[(c * s.KH + i) * s.KW + j] = (c * s.Hp + i * s.DH) * s.Wp + j * s.DW;
        return offsets;
    }

    /// <summary>Elements of a padded sample buffer: the planes plus two vectors of slack that the last row's partial vectors read.</summary>
    private static int PaddedLength<T>(in Shape s) => s.CinG * s.Hp * s.Wp + 2 * Vector<T>.Count;

    /// <summary>padded[c, PH + r, PW + col] = x[n, group·C/G + c, r, col] within [Hp, Wp], zero elsewhere (the slack too).</summary>
    private static void Pad<T>(ReadOnlySpan<T> x, in Shape s, int n, int grp, Span<T> padded) where T : unmanaged
    {
        padded.Clear();
        int hw = s.H * s.W;
        for (int c = 0; c < s.CinG; c++)
        {
            var plane = x.Slice(((n * s.Cin) + grp * s.CinG + c) * hw, hw);
            // Input rows and columns past the padded extent are read by no output.
            int rows = Math.Min(s.H, s.Hp - s.PH), columns = Math.Min(s.W, s.Wp - s.PW);
            for (int r = 0; r < rows; r++)
                plane.Slice(r * s.W, columns).CopyTo(padded.Slice((c * s.Hp + s.PH + r) * s.Wp + s.PW, columns));
        }
    }

    /// <summary>y[n, o] = bias[o] + Σ over taps of the packed weight times the shifted padded input, samples over the cores.</summary>
    private static void Correlate<T>(ArraySegment<T> x, T[] packed, ArraySegment<T>? bias, ArraySegment<T> y, Shape s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] offsets = TapOffsets(in s);
        int paddedLength = PaddedLength<T>(in s);
        long work = (long)s.N * s.Cout * s.Taps * s.OH * s.OW;
        ParallelRanges.For(s.N, work, (n0, n1) =>
        {
            T[] padded = ArrayPool<T>.Shared.Rent(paddedLength);
            try
            {
                for (int n = n0; n < n1; n++)
                    for (int grp = 0; grp < s.Groups; grp++)
                    {
                        Pad<T>(x.AsSpan(), in s, n, grp, padded.AsSpan(0, paddedLength));
                        CorrelateSample(padded, packed, offsets, bias is { } b ? b.AsSpan() : default, y.AsSpan(), in s, n, grp);
                    }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(padded);
            }
        });
    }

    /// <summary>One sample's and group's outputs: for every block of four channels and output row, tiles of two vectors (one at a row's end).</summary>
    private static void CorrelateSample<T>(T[] padded, T[] packed, int[] offsets, ReadOnlySpan<T> bias, Span<T> y, in Shape s, int n, int grp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector<T>.Count, taps = s.Taps, l = s.OH * s.OW;
        ref T xp = ref MemoryMarshal.GetArrayDataReference(padded);
        ref int offs = ref MemoryMarshal.GetArrayDataReference(offsets);
        // Full vectors are stored straight into y: the caller's y covers every sample (checked once here).
        if ((long)(n + 1) * s.Cout * l > y.Length)
            throw new ArgumentException("output buffer too short", nameof(y));
        ref T yr = ref MemoryMarshal.GetReference(y);
        Span<T> tile = stackalloc T[ChannelBlock * 2 * Vector<T>.Count];
        Span<T> init = stackalloc T[ChannelBlock];
        for (int block = 0; block < s.Blocks; block++)
        {
            ref T wb = ref MemoryMarshal.GetArrayDataReference(packed);
            wb = ref Unsafe.Add(ref wb, (grp * s.Blocks + block) * taps * ChannelBlock);
            int o0 = block * ChannelBlock, channels = Math.Min(ChannelBlock, s.CoutG - o0);
            init.Clear();
            for (int k = 0; k < channels && !bias.IsEmpty; k++)
                init[k] = bias[grp * s.CoutG + o0 + k];
            Vector<T> b0 = new(init[0]), b1 = new(init[1]), b2 = new(init[2]), b3 = new(init[3]);
            int yBase = (n * s.Cout + grp * s.CoutG + o0) * l;
            for (int oy = 0; oy < s.OH; oy++)
            {
                for (int ox = 0; ox < s.OW; ox += 2 * v)
                {
                    ref T xrow = ref Unsafe.Add(ref xp, oy * s.Wp + ox);
                    Vector<T> c00 = b0, c10 = b1, c20 = b2, c30 = b3;
                    if (ox + v < s.OW)
                    {
                        Vector<T> c01 = b0, c11 = b1, c21 = b2, c31 = b3;
                        ref T wt = ref wb;
                        for (int t = 0; t < taps; t++, wt = ref Unsafe.Add(ref wt, ChannelBlock))
                        {
                            ref T src = ref Unsafe.Add(ref xrow, Unsafe.Add(ref offs, t));
                            Vector<T> x0 = Vector.LoadUnsafe(ref src), x1 = Vector.LoadUnsafe(ref src, (nuint)v);
                            Vector<T> w0 = new(wt);
                            c00 = Fma(w0, x0, c00); c01 = Fma(w0, x1, c01);
                            Vector<T> w1 = new(Unsafe.Add(ref wt, 1));
                            c10 = Fma(w1, x0, c10); c11 = Fma(w1, x1, c11);
                            Vector<T> w2 = new(Unsafe.Add(ref wt, 2));
                            c20 = Fma(w2, x0, c20); c21 = Fma(w2, x1, c21);
                            Vector<T> w3 = new(Unsafe.Add(ref wt, 3));
                            c30 = Fma(w3, x0, c30); c31 = Fma(w3, x1, c31);
                        }
                        int at = yBase + oy * s.OW + ox;
                        if (channels == ChannelBlock && ox + 2 * v <= s.OW)
                        {
                            ref T y0 = ref Unsafe.Add(ref yr, at);
                            c00.StoreUnsafe(ref y0); c01.StoreUnsafe(ref y0, (nuint)v);
                            c10.StoreUnsafe(ref y0, (nuint)l); c11.StoreUnsafe(ref y0, (nuint)(l + v));
                            c20.StoreUnsafe(ref y0, (nuint)(2 * l)); c21.StoreUnsafe(ref y0, (nuint)(2 * l + v));
                            c30.StoreUnsafe(ref y0, (nuint)(3 * l)); c31.StoreUnsafe(ref y0, (nuint)(3 * l + v));
                            continue;
                        }
                        c00.CopyTo(tile); c01.CopyTo(tile[v..]);
                        c10.CopyTo(tile[(2 * v)..]); c11.CopyTo(tile[(3 * v)..]);
                        c20.CopyTo(tile[(4 * v)..]); c21.CopyTo(tile[(5 * v)..]);
                        c30.CopyTo(tile[(6 * v)..]); c31.CopyTo(tile[(7 * v)..]);
                        StoreTile(tile, 2 * v, channels, Math.Min(2 * v, s.OW - ox), y, at, l);
                    }
                    else
                    {
                        ref T wt = ref wb;
                        for (int t = 0; t < taps; t++, wt = ref Unsafe.Add(ref wt, ChannelBlock))
                        {
                            Vector<T> x0 = Vector.LoadUnsafe(ref Unsafe.Add(ref xrow, Unsafe.Add(ref offs, t)));
                            c00 = Fma(new Vector<T>(wt), x0, c00);
                            c10 = Fma(new Vector<T>(Unsafe.Add(ref wt, 1)), x0, c10);
                            c20 = Fma(new Vector<T>(Unsafe.Add(ref wt, 2)), x0, c20);
                            c30 = Fma(new Vector<T>(Unsafe.Add(ref wt, 3)), x0, c30);
                        }
                        int at1 = yBase + oy * s.OW + ox;
                        if (channels == ChannelBlock && ox + v <= s.OW)
                        {
                            ref T y0 = ref Unsafe.Add(ref yr, at1);
                            c00.StoreUnsafe(ref y0); c10.StoreUnsafe(ref y0, (nuint)l);
                            c20.StoreUnsafe(ref y0, (nuint)(2 * l)); c30.StoreUnsafe(ref y0, (nuint)(3 * l));
                            continue;
                        }
                        c00.CopyTo(tile); c10.CopyTo(tile[v..]);
                        c20.CopyTo(tile[(2 * v)..]); c30.CopyTo(tile[(3 * v)..]);
                        StoreTile(tile, v, channels, s.OW - ox, y, at1, l);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first <paramref name="width"/> columns of the tile's first <paramref name="channels"/>
    /// rows (row stride <paramref name="stride"/>) into y, channel planes <paramref name="l"/> apart:
    /// whole vectors, then the rest one by one (no call per row: this runs for every tile of a
    /// partial block or at a row's end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile<T>(Span<T> tile, int stride, int channels, int width, Span<T> y, int at, int l)
        where T : unmanaged
    {
        int v = Vector<T>.Count;
        for (int k = 0; k < channels; k++)
        {
            var src = tile.Slice(k * stride, width);
            var dst = y.Slice(at + k * l, width);
            int e = 0;
            for (; e + v <= width; e += v)
                new Vector<T>(src[e..]).CopyTo(dst[e..]);
            for (; e < width; e++)
                dst[e] = src[e];
        }
    }

    /// <summary>
    /// gw = the weight gradient of y = conv(x, w) for gy, as <see cref="ConvolutionKernels.WeightGrad{T}"/>:
    /// each thread sums its samples' products (one dot product per weight and sample, in tiles of
    /// four channels by three taps) into sums of its own, added in piece order.
    /// </summary>
    public static void WeightGrad<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new Shape(g.N, g.C, g.H, g.W, g.Cout, g.Groups, g.KH, g.KW, g.PH, g.PW, g.DH, g.DW, g.OH, g.OW);
        int[] offsets = TapOffsets(in s);
        int paddedLength = PaddedLength<T>(in s), v = Vector<T>.Count;
        // The output gradient's rows, each widened to whole vectors with zeros (the padded input's extra lanes then add nothing).
        int rowWidth = (s.OW + v - 1) / v * v, gradLength = s.CoutG * s.OH * rowWidth;
        int size = g.Cout * g.Kg;
        long work = (long)g.Cout * g.Kg * g.L * g.N;
        var partials = new T[ParallelRanges.MaxPieces][];
        int pieces = ParallelRanges.For(s.N, work, (piece, n0, n1) =>
        {
            T[] sums = partials[piece] = ArrayPool<T>.Shared.Rent(size);
            Array.Clear(sums, 0, size);
            T[] padded = ArrayPool<T>.Shared.Rent(paddedLength);
            T[] grads = ArrayPool<T>.Shared.Rent(gradLength);
            try
            {
                for (int n = n0; n < n1; n++)
                    for (int grp = 0; grp < s.Groups; grp++)
                    {
                        Pad<T>(x.AsSpan(), in s, n, grp, padded.AsSpan(0, paddedLength));
                        WidenRows(gy.AsSpan(), in s, n, grp, rowWidth, grads.AsSpan(0, gradLength));
                        WeightGradSample(padded, grads, offsets, sums, in s, grp, rowWidth);
                    }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(padded);
                ArrayPool<T>.Shared.Return(grads);
            }
        });
        var gws = gw.AsSpan(0, size);
        gws.Clear();
        for (int p = 0; p < pieces; p++)
        {
            if (partials[p] is not { } partial)
                continue;
            for (int i = 0; i < size; i++)
                gws[i] += partial[i];
            ArrayPool<T>.Shared.Return(partial);
        }
    }

    /// <summary>grads[o, oy, 0 : OW] = gy[n, group·Cout/G + o, oy, :], zero up to <paramref name="rowWidth"/>.</summary>
    private static void WidenRows<T>(ReadOnlySpan<T> gy, in Shape s, int n, int grp, int rowWidth, Span<T> grads) where T : unmanaged
    {
        if (rowWidth != s.OW)
            grads.Clear();
        int l = s.OH * s.OW;
        for (int o = 0; o < s.CoutG; o++)
        {
            var plane = gy.Slice((n * s.Cout + grp * s.CoutG + o) * l, l);
            for (int oy = 0; oy < s.OH; oy++)
                plane.Slice(oy * s.OW, s.OW).CopyTo(grads.Slice((o * s.OH + oy) * rowWidth, s.OW));
        }
    }

    /// <summary>
    /// sums[group·Cout/G + o, tap] += Σ over output positions of grads[o] times the tap's shifted
    /// padded input, for one sample and group: tiles of four channels by three taps, each a vector
    /// sum over the positions reduced once. Channels and taps past the last repeat the last (their
    /// sums are dropped).
    /// </summary>
    private static void WeightGradSample<T>(T[] padded, T[] grads, int[] offsets, T[] sums, in Shape s, int grp, int rowWidth)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector<T>.Count, taps = s.Taps, planeStride = s.OH * rowWidth;
        ref T xp = ref MemoryMarshal.GetArrayDataReference(padded);
        ref T gp = ref MemoryMarshal.GetArrayDataReference(grads);
        for (int o0 = 0; o0 < s.CoutG; o0 += ChannelBlock)
        {
            int last = s.CoutG - 1;
            ref T g0 = ref Unsafe.Add(ref gp, o0 * planeStride);
            ref T g1 = ref Unsafe.Add(ref gp, Math.Min(o0 + 1, last) * planeStride);
            ref T g2 = ref Unsafe.Add(ref gp, Math.Min(o0 + 2, last) * planeStride);
            ref T g3 = ref Unsafe.Add(ref gp, Math.Min(o0 + 3, last) * planeStride);
            for (int t0 = 0; t0 < taps; t0 += TapBlock)
            {
                int off0 = offsets[t0], off1 = offsets[Math.Min(t0 + 1, taps - 1)], off2 = offsets[Math.Min(t0 + 2, taps - 1)];
                Vector<T> a00 = default, a01 = default, a02 = default;
                Vector<T> a10 = default, a11 = default, a12 = default;
                Vector<T> a20 = default, a21 = default, a22 = default;
                Vector<T> a30 = default, a31 = default, a32 = default;
                for (int oy = 0; oy < s.OH; oy++)
                {
                    ref T xrow = ref Unsafe.Add(ref xp, oy * s.Wp);
                    int gRow = oy * rowWidth;
                    for (int ox = 0; ox < rowWidth; ox += v)
                    {
                        ref T xs = ref Unsafe.Add(ref xrow, ox);
                        Vector<T> x0 = Vector.LoadUnsafe(ref Unsafe.Add(ref xs, off0));
                        Vector<T> x1 = Vector.LoadUnsafe(ref Unsafe.Add(ref xs, off1));
                        Vector<T> x2 = Vector.LoadUnsafe(ref Unsafe.Add(ref xs, off2));
                        nuint at = (nuint)(gRow + ox);
                        Vector<T> gv = Vector.LoadUnsafe(ref g0, at);
                        a00 = Fma(gv, x0, a00); a01 = Fma(gv, x1, a01); a02 = Fma(gv, x2, a02);
                        gv = Vector.LoadUnsafe(ref g1, at);
                        a10 = Fma(gv, x0, a10); a11 = Fma(gv, x1, a11); a12 = Fma(gv, x2, a12);
                        gv = Vector.LoadUnsafe(ref g2, at);
                        a20 = Fma(gv, x0, a20); a21 = Fma(gv, x1, a21); a22 = Fma(gv, x2, a22);
                        gv = Vector.LoadUnsafe(ref g3, at);
                        a30 = Fma(gv, x0, a30); a31 = Fma(gv, x1, a31); a32 = Fma(gv, x2, a32);
                    }
                }
                int channels = Math.Min(ChannelBlock, s.CoutG - o0), count = Math.Min(TapBlock, taps - t0);
                int row = (grp * s.CoutG + o0) * taps + t0;
                Add(sums, row, count, a00, a01, a02);
                if (channels > 1) Add(sums, row + taps, count, a10, a11, a12);
                if (channels > 2) Add(sums, row + 2 * taps, count, a20, a21, a22);
                if (channels > 3) Add(sums, row + 3 * taps, count, a30, a31, a32);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(T[] sums, int at, int count, Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        sums[at] += Vector.Sum(a);
        if (count > 1) sums[at + 1] += Vector.Sum(b);
        if (count > 2) sums[at + 2] += Vector.Sum(c);
    }

    /// <summary>
    /// a·b + c, one fused instruction where the hardware has one for this vector width (the
    /// portable Vector.FusedMultiplyAdd may fall back to a per-element loop); else a multiply and an add.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector<byte>.Count == 32 && X86Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return X86Fma.MultiplyAdd(a.AsVector256().AsSingle(), b.AsVector256().AsSingle(), c.AsVector256().AsSingle()).As<float, T>().AsVector();
            if (typeof(T) == typeof(double))
                return X86Fma.MultiplyAdd(a.AsVector256().AsDouble(), b.AsVector256().AsDouble(), c.AsVector256().AsDouble()).As<double, T>().AsVector();
        }
        if (Vector<byte>.Count == 16 && X86Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
                return X86Fma.MultiplyAdd(a.AsVector128().AsSingle(), b.AsVector128().AsSingle(), c.AsVector128().AsSingle()).As<float, T>().AsVector();
            if (typeof(T) == typeof(double))
                return X86Fma.MultiplyAdd(a.AsVector128().AsDouble(), b.AsVector128().AsDouble(), c.AsVector128().AsDouble()).As<double, T>().AsVector();
        }
        return a * b + c;
    }
}
