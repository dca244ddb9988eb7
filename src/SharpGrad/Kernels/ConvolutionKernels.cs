using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>
/// A convolution and its two gradients as GEMMs over column matrices (<see cref="Im2Col"/>), for
/// contiguous NCHW float32 or float64 buffers. A batch of two samples or more whose one sample's
/// column matrix fits <see cref="ColumnBudget"/> goes by samples (<see cref="BySample"/>): both
/// cores take whole samples in groups of <see cref="SamplesPerProduct"/>, each with a column
/// matrix of its group side by side that stays in its cache and one product per group on its own
/// core (one sample's product reads and writes the NCHW buffers in place; a group's goes through a
/// per-thread scratch, gathered or scattered, which costs a copy of the output against a product
/// of C·KH·KW times as many operations). Else the
/// batch is processed in chunks of samples whose column matrix fits the budget: one GEMM per chunk
/// and group (split over the cores by the GEMM), with the chunk's samples side by side as columns.
/// A 1×1 convolution with
/// unit stride and no padding reads the input in place (its column matrix is the input itself).
/// A depthwise convolution (one input channel per group) skips the lowering for
/// <see cref="DepthwiseConvolutionKernels"/>.
/// A unit-stride convolution with few output channels per group (LeNet's) computes its forward
/// pass (with many taps) and its weight gradient without lowering, in <see cref="DirectConvolutionKernels"/>.
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>Elements of a column matrix (per chunk of samples): 4 MiB of float32, so that the chunk's columns are still in the cache when the GEMM packs them.</summary>
    private const long ColumnBudget = 1L << 20;

    /// <summary>A smaller budget for this thread's convolutions (tests use it to reach the one-sample chunks of large images).</summary>
    [ThreadStatic] internal static long? ColumnBudgetOverride;

    /// <summary>Tests set it to take the chunked path where the by-sample path would apply.</summary>
    [ThreadStatic] internal static bool ForceChunks;

    /// <summary>
    /// The batch by samples: two samples or more, and one sample's column matrix within the budget
    /// (each thread holds one). A sample's product is small for the GEMM to split over the cores,
    /// but the samples are independent: each core unfolds and multiplies its own, with no hand-off
    /// per product, no column matrix larger than its cache, and no gather or scatter of outputs.
    /// </summary>
    private static bool BySample(in ConvGeometry g)
        => !ForceChunks && g.N >= 2 && (long)g.Rows * g.L <= (ColumnBudgetOverride ?? ColumnBudget);

    /// <summary>Samples per product for this thread's convolutions (0: chosen by shape; tests and measurements set it).</summary>
    [ThreadStatic] internal static int SamplesPerProductOverride;

    /// <summary>Output positions a by-sample product aims for: one sample of a small image (14×14 = 196) leaves partial 32-wide panels and short products, several side by side fill them.</summary>
    private const int TargetProductColumns = 768;

    /// <summary>Elements of a thread's column matrix of several samples (1 MiB of float32): well within a core's L2, with room for the packed weight and the output.</summary>
    private const long ProductColumnBudget = 1L << 18;

    /// <summary>
    /// Samples side by side in one by-sample product: enough for <see cref="TargetProductColumns"/>
    /// columns, within <see cref="ProductColumnBudget"/>, and leaving every thread a group of its own.
    /// </summary>
    internal static int SamplesPerProduct(in ConvGeometry g)
    {
        if (SamplesPerProductOverride > 0)
            return Math.Clamp(SamplesPerProductOverride, 1, Math.Max(1, g.N));
        long perSample = Math.Max(1L, (long)g.Rows * g.L);
        long byWidth = (TargetProductColumns + g.L - 1) / Math.Max(1, g.L);
        long byBudget = ProductColumnBudget / perSample;
        long byThreads = g.N / ParallelRanges.MaxPieces;
        return (int)Math.Max(1, Math.Min(Math.Min(byWidth, byBudget), byThreads));
    }

    /// <summary>
    /// One group's work on the thread of piece <c>piece</c>: samples [n0, n0 + nb), their column
    /// matrix <c>col</c> (at least [Rows, nb·L]) and an output-shaped scratch <c>outputs</c> (at least
    /// [Cout, nb·L]; unused for one sample, whose [Cout, L] is read or written in place).
    /// </summary>
    private delegate void SampleStep<T>(int piece, int n0, int nb, T[] col, T[] outputs);

    /// <summary>
    /// Runs <paramref name="step"/> for every group of <see cref="SamplesPerProduct"/> samples (the
    /// last one shorter), the groups split over the threads in contiguous pieces, each piece with a
    /// column matrix and scratch of its own; returns the number of pieces. The groups are fixed by
    /// the batch and the shape, never by the threads, so each product sums in the same order.
    /// </summary>
    private static int ForEachSample<T>(ConvGeometry g, long workPerSample, SampleStep<T> step)
    {
        int perProduct = SamplesPerProduct(in g);
        int groups = (g.N + perProduct - 1) / perProduct;
        int colElems = g.Rows * g.L * perProduct;
        int outElems = perProduct > 1 ? g.Cout * g.L * perProduct : 0;
        return ParallelRanges.For(groups, workPerSample * g.N, (piece, g0, g1) =>
        {
            T[] col = ArrayPool<T>.Shared.Rent(colElems);
            T[] outputs = outElems > 0 ? ArrayPool<T>.Shared.Rent(outElems) : [];
            try
            {
                for (int grp = g0; grp < g1; grp++)
                {
                    int n0 = grp * perProduct;
                    step(piece, n0, Math.Min(perProduct, g.N - n0), col, outputs);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(col);
                if (outElems > 0) ArrayPool<T>.Shared.Return(outputs);
            }
        });
    }

    /// <summary>Samples per chunk.</summary>
    private static int ChunkSamples(in ConvGeometry g)
        => (int)Math.Clamp((ColumnBudgetOverride ?? ColumnBudget) / Math.Max(1L, (long)g.Rows * g.L), 1, Math.Max(1, g.N));

    /// <summary>What the chunk driver does with the chunk's output-shaped buffer ([Cout, nb·L]).</summary>
    private enum OutputRole
    {
        /// <summary>Nothing: the step reads the NCHW buffer itself.</summary>
        None,
        /// <summary>The step reads it: the NCHW buffer's samples are gathered into it first.</summary>
        Gather,
        /// <summary>The step writes it: it is scattered into the NCHW buffer after (adding the bias, if any).</summary>
        Scatter,
    }

    /// <summary>One chunk's work: samples [n0, n0 + nb), their column matrix and their output-shaped buffer [Cout, nb·L].</summary>
    private delegate void ChunkStep<T>(int n0, int nb, T[] col, ArraySegment<T> outputs);

    /// <summary>
    /// The loop the three products share: the batch in chunks of samples, the column matrix rented
    /// once, filled by im2col from <paramref name="unfoldFrom"/> when given, and the NCHW output
    /// (or output gradient) <paramref name="nchw"/> seen as [Cout, nb·L] (in place for one sample,
    /// else through a gathered copy, per <paramref name="role"/>).
    /// </summary>
    private static void ForEachChunk<T>(in ConvGeometry g, ArraySegment<T>? unfoldFrom, ArraySegment<T> nchw, OutputRole role,
        ArraySegment<T>? bias, ChunkStep<T> step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int l = g.L, chunk = ChunkSamples(in g);
        T[] col = ArrayPool<T>.Shared.Rent(g.Rows * chunk * l);
        T[]? gathered = chunk > 1 && role != OutputRole.None ? ArrayPool<T>.Shared.Rent(g.Cout * chunk * l) : null;
        try
        {
            for (int n0 = 0; n0 < g.N; n0 += chunk)
            {
                int nb = Math.Min(chunk, g.N - n0);
                if (unfoldFrom is { } x)
                    Im2Col.Unfold(x, g, n0, nb, col);
                // One sample's [Cout, L] is already laid out as NCHW: used in place.
                bool inPlace = nb == 1 || role == OutputRole.None;
                ArraySegment<T> outputs = inPlace ? nchw.Slice(n0 * g.Cout * l) : gathered!;
                if (!inPlace && role == OutputRole.Gather)
                    Gather(nchw, gathered!, n0, nb, g.Cout, l);
                step(n0, nb, col, outputs);
                if (role == OutputRole.Scatter)
                {
                    if (!inPlace)
                        Scatter(gathered!, nchw, n0, nb, g.Cout, l, bias);
                    else if (bias is { } b)
                        AddBias(nchw, b, n0, nb, g.Cout, l);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(col);
            if (gathered is not null) ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>y = conv(x, w) (+ bias): x [N, C, H, W], w [Cout, C/G, KH, KW], y [N, Cout, OH, OW] (overwritten).</summary>
    public static void Forward<T>(ArraySegment<T> x, ArraySegment<T> w, ArraySegment<T>? bias, ArraySegment<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (DepthwiseConvolutionKernels.Applies(in g))
        {
            DepthwiseConvolutionKernels.Forward(x, w, bias, y, g);
            return;
        }
        int l = g.L, cinG = g.CinG, coutG = g.CoutG, kg = g.Kg;
        if (g.IsPointwise)
        {
            for (int n = 0; n < g.N; n++)
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(coutG, l, cinG, w, grp * coutG * cinG, cinG, 1,
                        x, (n * g.C + grp * cinG) * l, l, 1,
                        y, (n * g.Cout + grp * coutG) * l, l, accumulate: false);
            if (bias is { } b)
                AddBias(y, b, 0, g.N, g.Cout, l);
            return;
        }
        if (!ForceChunks && DirectConvolutionKernels.Applies<T>(in g))
        {
            DirectConvolutionKernels.Forward(x, w, bias, y, g);
            return;
        }
        if (BySample(in g))
        {
            ForEachSample<T>(g, (long)g.Cout * kg * l, (_, n0, nb, col, outputs) =>
            {
                Im2Col.UnfoldRows<T>(x, g, n0, nb, col, 0, g.Rows);
                int width = nb * l;
                // One sample's [Cout, L] is its NCHW block: written in place; several go through the scratch.
                ArraySegment<T> dst = nb == 1 ? y : outputs;
                int dstOffset = nb == 1 ? n0 * g.Cout * l : 0;
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(coutG, width, kg, w, grp * coutG * kg, kg, 1,
                        col, grp * kg * width, width, 1,
                        dst, dstOffset + grp * coutG * width, width, accumulate: false);
                if (nb > 1)
                    Scatter(outputs, y, n0, nb, g.Cout, l, bias);
                else if (bias is { } b)
                    AddBias(y, b, n0, 1, g.Cout, l);
            });
            return;
        }
        ForEachChunk(in g, x, y, OutputRole.Scatter, bias, (n0, nb, col, dst) =>
        {
            int width = nb * l;
            for (int grp = 0; grp < g.Groups; grp++)
                Gemm(coutG, width, kg, w, grp * coutG * kg, kg, 1,
                    col, grp * kg * width, width, 1,
                    dst, grp * coutG * width, width, accumulate: false);
        });
    }

    /// <summary>
    /// gx = the input gradient of y = conv(x, w) for the output gradient gy, i.e. the transposed
    /// convolution of gy: gy [N, Cout, OH, OW], w [Cout, C/G, KH, KW], gx [N, C, H, W] (overwritten).
    /// </summary>
    public static void InputGrad<T>(ArraySegment<T> gy, ArraySegment<T> w, ArraySegment<T> gx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (DepthwiseConvolutionKernels.Applies(in g))
        {
            DepthwiseConvolutionKernels.InputGrad(gy, w, gx, g);
            return;
        }
        int l = g.L, cinG = g.CinG, coutG = g.CoutG, kg = g.Kg;
        if (g.IsPointwise)
        {
            // gx[n, group] = w_groupᵀ · gy[n, group]
            for (int n = 0; n < g.N; n++)
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(cinG, l, coutG, w, grp * coutG * cinG, 1, cinG,
                        gy, (n * g.Cout + grp * coutG) * l, l, 1,
                        gx, (n * g.C + grp * cinG) * l, l, accumulate: false);
            return;
        }
        if (BySample(in g))
        {
            int sampleElems = g.C * g.H * g.W;
            ForEachSample<T>(g, (long)g.Cout * kg * l, (_, n0, nb, col, outputs) =>
            {
                int width = nb * l;
                // One sample's [Cout, L] is read in place; several are gathered side by side first.
                ArraySegment<T> src = nb == 1 ? gy : outputs;
                int srcOffset = nb == 1 ? n0 * g.Cout * l : 0;
                if (nb > 1)
                    Gather(gy, outputs, n0, nb, g.Cout, l);
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(kg, width, coutG, w, grp * coutG * kg, 1, kg,
                        src, srcOffset + grp * coutG * width, width, 1,
                        col, grp * kg * width, width, accumulate: false);
                gx.AsSpan(n0 * sampleElems, nb * sampleElems).Clear();
                Im2Col.FoldAddChannels<T>(col, g, n0, nb, gx, 0, g.C);
            });
            return;
        }
        gx.AsSpan().Clear();
        ForEachChunk(in g, null, gy, OutputRole.Gather, null, (n0, nb, col, src) =>
        {
            int width = nb * l;
            for (int grp = 0; grp < g.Groups; grp++)
                Gemm(kg, width, coutG, w, grp * coutG * kg, 1, kg,
                    src, grp * coutG * width, width, 1,
                    col, grp * kg * width, width, accumulate: false);
            Im2Col.FoldAdd(col, g, n0, nb, gx);
        });
    }

    /// <summary>
    /// gw = the weight gradient of y = conv(x, w) for the output gradient gy: x [N, C, H, W],
    /// gy [N, Cout, OH, OW], gw [Cout, C/G, KH, KW] (overwritten).
    /// </summary>
    public static void WeightGrad<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (DepthwiseConvolutionKernels.Applies(in g))
        {
            DepthwiseConvolutionKernels.WeightGrad(x, gy, gw, g);
            return;
        }
        int l = g.L, cinG = g.CinG, coutG = g.CoutG, kg = g.Kg;
        if (g.N == 0)
        {
            gw.AsSpan().Clear();
            return;
        }
        if (g.IsPointwise)
        {
            // gw_group += gy[n, group] · x[n, group]ᵀ
            for (int n = 0; n < g.N; n++)
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(coutG, cinG, l, gy, (n * g.Cout + grp * coutG) * l, l, 1,
                        x, (n * g.C + grp * cinG) * l, 1, l,
                        gw, grp * coutG * cinG, cinG, accumulate: n > 0);
            return;
        }
        if (!ForceChunks && DirectConvolutionKernels.AppliesToWeightGrad<T>(in g))
        {
            DirectConvolutionKernels.WeightGrad(x, gy, gw, g);
            return;
        }
        if (BySample(in g))
        {
            WeightGradBySample(x, gy, gw, g);
            return;
        }
        if (ByDotProducts(in g))
        {
            // Each entry a dot product, read from gy in place.
            gw.AsSpan().Clear();
            ForEachChunk(in g, x, gy, OutputRole.None, null, (n0, nb, col, _) => WeightGradByDots(gy, col, gw, g, n0, nb));
            return;
        }
        ForEachChunk(in g, x, gy, OutputRole.Gather, null, (n0, nb, col, src) =>
        {
            int width = nb * l;
            for (int grp = 0; grp < g.Groups; grp++)
                Gemm(coutG, kg, width, src, grp * coutG * width, width, 1,
                    col, grp * kg * width, 1, width,
                    gw, grp * coutG * kg, kg, accumulate: n0 > 0);
        });
    }

    /// <summary>
    /// The weight gradient by samples: each thread sums its samples' products into a gradient of its
    /// own (the first thread into gw itself), and the threads' sums are added in piece order, so that
    /// the result does not depend on which thread finishes first.
    /// </summary>
    private static void WeightGradBySample<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int l = g.L, coutG = g.CoutG, kg = g.Kg, size = g.Cout * kg;
        bool byDots = ByDotProducts(in g);
        gw.AsSpan().Clear();
        var partials = new T[ParallelRanges.MaxPieces][];
        int pieces = ForEachSample<T>(g, (long)g.Cout * kg * l, (piece, n0, nb, col, outputs) =>
        {
            ArraySegment<T> sums = piece == 0 ? gw : partials[piece] ??= RentCleared<T>(size);
            Im2Col.UnfoldRows<T>(x, g, n0, nb, col, 0, g.Rows);
            int width = nb * l;
            if (byDots)
            {
                var gys = gy.AsSpan();
                var sumSpan = sums.AsSpan();
                for (int o = 0; o < g.Cout; o++)
                {
                    int grp = o / coutG;
                    for (int r = 0; r < kg; r++)
                    {
                        var colRow = col.AsSpan((grp * kg + r) * width, width);
                        T sum = T.Zero;
                        for (int s = 0; s < nb; s++)
                            sum += TensorPrimitives.Dot<T>(gys.Slice(((n0 + s) * g.Cout + o) * l, l), colRow.Slice(s * l, l));
                        sumSpan[o * kg + r] += sum;
                    }
                }
                return;
            }
            // One sample's [Cout, L] is read in place; several are gathered side by side first.
            ArraySegment<T> src = nb == 1 ? gy : outputs;
            int srcOffset = nb == 1 ? n0 * g.Cout * l : 0;
            if (nb > 1)
                Gather(gy, outputs, n0, nb, g.Cout, l);
            for (int grp = 0; grp < g.Groups; grp++)
                Gemm(coutG, kg, width, src, srcOffset + grp * coutG * width, width, 1,
                    col, grp * kg * width, 1, width,
                    sums, grp * coutG * kg, kg, accumulate: true);
        });
        for (int p = 1; p < pieces; p++)
        {
            if (partials[p] is not { } partial)
                continue;
            var gws = gw.AsSpan(0, size);
            TensorPrimitives.Add(gws, partial.AsSpan(0, size), gws);
            ArrayPool<T>.Shared.Return(partial);
        }
    }

    private static T[] RentCleared<T>(int length)
    {
        T[] array = ArrayPool<T>.Shared.Rent(length);
        array.AsSpan(0, length).Clear();
        return array;
    }

    /// <summary>Rows of a group's column matrix below which the weight gradient is taken by dot products.</summary>
    private const int FewTaps = 16;

    /// <summary>
    /// The weight gradient by dot products: few rows per group (a first layer's one or three
    /// channels), or few output channels per group (LeNet's six): the GEMM would pad each row, or
    /// each column, of gw to a whole micro-panel.
    /// </summary>
    private static bool ByDotProducts(in ConvGeometry g) => g.Kg < FewTaps || g.CoutG <= 8;

    /// <summary>gw[o, r] += Σ over samples [n0, n0 + nb) of gy[s, o, :] · col[r, s]: one dot product per entry, output channels over both cores.</summary>
    private static void WeightGradByDots<T>(ArraySegment<T> gy, T[] col, ArraySegment<T> gw, ConvGeometry g, int n0, int nb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int l = g.L, kg = g.Kg, coutG = g.CoutG, width = nb * l;
        ParallelRanges.For(g.Cout, (long)g.Cout * kg * width, (o0, o1) =>
        {
            var gys = gy.AsSpan();
            var gws = gw.AsSpan();
            for (int o = o0; o < o1; o++)
            {
                int grp = o / coutG;
                for (int r = 0; r < kg; r++)
                {
                    var colRow = col.AsSpan((grp * kg + r) * width, width);
                    T sum = T.Zero;
                    for (int s = 0; s < nb; s++)
                        sum += TensorPrimitives.Dot<T>(gys.Slice(((n0 + s) * g.Cout + o) * l, l), colRow.Slice(s * l, l));
                    gws[o * kg + r] += sum;
                }
            }
        });
    }

    /// <summary>y[n, o, :] += bias[o] for the samples [n0, n0 + nb).</summary>
    private static void AddBias<T>(ArraySegment<T> y, ArraySegment<T> bias, int n0, int nb, int channels, int l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ys = y.AsSpan();
        var bs = bias.AsSpan();
        for (int n = n0; n < n0 + nb; n++)
            for (int o = 0; o < channels; o++)
            {
                var plane = ys.Slice((n * channels + o) * l, l);
                TensorPrimitives.Add(plane, bs[o], plane);
            }
    }

    /// <summary>y[n0 + s, o, :] = chunk[o, s, :] (+ bias[o]): a chunk's product [Cout, nb, L] into NCHW.</summary>
    private static void Scatter<T>(T[] chunk, ArraySegment<T> y, int n0, int nb, int channels, int l, ArraySegment<T>? bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ys = y.AsSpan();
        for (int o = 0; o < channels; o++)
            for (int s = 0; s < nb; s++)
            {
                var src = chunk.AsSpan((o * nb + s) * l, l);
                var dst = ys.Slice(((n0 + s) * channels + o) * l, l);
                if (bias is { } b)
                    TensorPrimitives.Add(src, b[o], dst);
                else
                    src.CopyTo(dst);
            }
    }

    /// <summary>chunk[o, s, :] = y[n0 + s, o, :] (NCHW into a chunk's [Cout, nb, L]).</summary>
    private static void Gather<T>(ArraySegment<T> y, T[] chunk, int n0, int nb, int channels, int l)
    {
        var ys = y.AsSpan();
        for (int o = 0; o < channels; o++)
            for (int s = 0; s < nb; s++)
                ys.Slice(((n0 + s) * channels + o) * l, l).CopyTo(chunk.AsSpan((o * nb + s) * l, l));
    }

    /// <summary>The GEMM on segments of float32 or float64 buffers, each operand from an element offset.</summary>
    private static void Gemm<T>(int m, int n, int k,
        ArraySegment<T> a, int aOffset, int aRowStride, int aColStride,
        ArraySegment<T> b, int bOffset, int bRowStride, int bColStride,
        ArraySegment<T> c, int cOffset, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Kernels.Gemm.Multiply(m, n, k, Floats(a, aOffset), aRowStride, aColStride,
                Floats(b, bOffset), bRowStride, bColStride, Floats(c, cOffset), ldc, accumulate);
        else if (typeof(T) == typeof(double))
            Kernels.Gemm.Multiply(m, n, k, Doubles(a, aOffset), aRowStride, aColStride,
                Doubles(b, bOffset), bRowStride, bColStride, Doubles(c, cOffset), ldc, accumulate);
        else
            throw new NotSupportedException($"convolution is not implemented for {typeof(T).Name}");
    }

    private static Span<float> Floats<T>(ArraySegment<T> s, int offset)
        => new(Unsafe.As<float[]>(s.Array!), s.Offset + offset, s.Count - offset);

    private static Span<double> Doubles<T>(ArraySegment<T> s, int offset)
        => new(Unsafe.As<double[]>(s.Array!), s.Offset + offset, s.Count - offset);
}
