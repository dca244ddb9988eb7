using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>
/// A convolution and its two gradients as GEMMs over column matrices (<see cref="Im2Col"/>), for
/// contiguous NCHW float32 or float64 buffers. The batch is processed in chunks of samples whose
/// column matrix fits <see cref="ColumnBudget"/>: one GEMM per chunk and group, with the chunk's
/// samples side by side as columns, rather than one small GEMM per sample. A 1×1 convolution with
/// unit stride and no padding reads the input in place (its column matrix is the input itself).
/// </summary>
internal static class ConvolutionKernels
{
    /// <summary>Elements of a column matrix (per chunk of samples): 16 MiB of float32.</summary>
    private const long ColumnBudget = 1L << 22;

    /// <summary>A smaller budget for this thread's convolutions (tests use it to reach the one-sample chunks of large images).</summary>
    [ThreadStatic] internal static long? ColumnBudgetOverride;

    /// <summary>Samples per chunk.</summary>
    private static int ChunkSamples(in ConvGeometry g)
        => (int)Math.Clamp((ColumnBudgetOverride ?? ColumnBudget) / Math.Max(1L, (long)g.Rows * g.L), 1, Math.Max(1, g.N));

    /// <summary>y = conv(x, w) (+ bias): x [N, C, H, W], w [Cout, C/G, KH, KW], y [N, Cout, OH, OW] (overwritten).</summary>
    public static void Forward<T>(ArraySegment<T> x, ArraySegment<T> w, ArraySegment<T>? bias, ArraySegment<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int l = g.L, cinG = g.CinG, coutG = g.CoutG, kg = g.Kg;
        if (g.IsPointwise)
        {
            for (int n = 0; n < g.N; n++)
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(coutG, l, cinG, w, grp * coutG * cinG, cinG, 1,
                        x, (n * g.C + grp * cinG) * l, l, 1,
                        y, (n * g.Cout + grp * coutG) * l, l, accumulate: false);
        }
        else
        {
            int chunk = ChunkSamples(in g);
            T[] col = ArrayPool<T>.Shared.Rent(g.Rows * chunk * l);
            T[]? gathered = chunk > 1 ? ArrayPool<T>.Shared.Rent(g.Cout * chunk * l) : null;
            try
            {
                for (int n0 = 0; n0 < g.N; n0 += chunk)
                {
                    int nb = Math.Min(chunk, g.N - n0), width = nb * l;
                    Im2Col.Unfold(x, g, n0, nb, col);
                    // One sample's product is already laid out [Cout, L]: write it in place.
                    ArraySegment<T> dst = nb == 1 ? y.Slice(n0 * g.Cout * l) : gathered!;
                    for (int grp = 0; grp < g.Groups; grp++)
                        Gemm(coutG, width, kg, w, grp * coutG * kg, kg, 1,
                            col, grp * kg * width, width, 1,
                            dst, grp * coutG * width, width, accumulate: false);
                    if (nb > 1)
                        Scatter(gathered!, y, n0, nb, g.Cout, l);
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(col);
                if (gathered is not null) ArrayPool<T>.Shared.Return(gathered);
            }
        }
        if (bias is { } b)
        {
            var ys = y.AsSpan();
            var bs = b.AsSpan();
            for (int n = 0; n < g.N; n++)
                for (int o = 0; o < g.Cout; o++)
                {
                    var plane = ys.Slice((n * g.Cout + o) * l, l);
                    TensorPrimitives.Add(plane, bs[o], plane);
                }
        }
    }

    /// <summary>
    /// gx = the input gradient of y = conv(x, w) for the output gradient gy, i.e. the transposed
    /// convolution of gy: gy [N, Cout, OH, OW], w [Cout, C/G, KH, KW], gx [N, C, H, W] (overwritten).
    /// </summary>
    public static void InputGrad<T>(ArraySegment<T> gy, ArraySegment<T> w, ArraySegment<T> gx, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
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
        gx.AsSpan().Clear();
        int chunk = ChunkSamples(in g);
        T[] col = ArrayPool<T>.Shared.Rent(g.Rows * chunk * l);
        T[]? gathered = chunk > 1 ? ArrayPool<T>.Shared.Rent(g.Cout * chunk * l) : null;
        try
        {
            for (int n0 = 0; n0 < g.N; n0 += chunk)
            {
                int nb = Math.Min(chunk, g.N - n0), width = nb * l;
                ArraySegment<T> src = nb == 1 ? gy.Slice(n0 * g.Cout * l) : gathered!;
                if (nb > 1)
                    Gather(gy, gathered!, n0, nb, g.Cout, l);
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(kg, width, coutG, w, grp * coutG * kg, 1, kg,
                        src, grp * coutG * width, width, 1,
                        col, grp * kg * width, width, accumulate: false);
                Im2Col.FoldAdd(col, g, n0, nb, gx);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(col);
            if (gathered is not null) ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>
    /// gw = the weight gradient of y = conv(x, w) for the output gradient gy: x [N, C, H, W],
    /// gy [N, Cout, OH, OW], gw [Cout, C/G, KH, KW] (overwritten).
    /// </summary>
    public static void WeightGrad<T>(ArraySegment<T> x, ArraySegment<T> gy, ArraySegment<T> gw, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
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
        int chunk = ChunkSamples(in g);
        T[] col = ArrayPool<T>.Shared.Rent(g.Rows * chunk * l);
        T[]? gathered = chunk > 1 ? ArrayPool<T>.Shared.Rent(g.Cout * chunk * l) : null;
        try
        {
            for (int n0 = 0; n0 < g.N; n0 += chunk)
            {
                int nb = Math.Min(chunk, g.N - n0), width = nb * l;
                Im2Col.Unfold(x, g, n0, nb, col);
                ArraySegment<T> src = nb == 1 ? gy.Slice(n0 * g.Cout * l) : gathered!;
                if (nb > 1)
                    Gather(gy, gathered!, n0, nb, g.Cout, l);
                for (int grp = 0; grp < g.Groups; grp++)
                    Gemm(coutG, kg, width, src, grp * coutG * width, width, 1,
                        col, grp * kg * width, 1, width,
                        gw, grp * coutG * kg, kg, accumulate: n0 > 0);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(col);
            if (gathered is not null) ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>y[n0 + s, o, :] = chunk[o, s, :] (a chunk's product [Cout, nb, L] into NCHW).</summary>
    private static void Scatter<T>(T[] chunk, ArraySegment<T> y, int n0, int nb, int channels, int l)
    {
        var ys = y.AsSpan();
        for (int o = 0; o < channels; o++)
            for (int s = 0; s < nb; s++)
                chunk.AsSpan((o * nb + s) * l, l).CopyTo(ys.Slice(((n0 + s) * channels + o) * l, l));
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
