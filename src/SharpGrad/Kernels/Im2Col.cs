using System.Numerics;
using System.Numerics.Tensors;

namespace SharpGrad.Kernels;

/// <summary>
/// The shape of one convolution, 2-D (a 1-D one has <c>H = KH = OH = 1</c>): an input image
/// <c>[N, C, H, W]</c>, a weight <c>[Cout, C / Groups, KH, KW]</c>, an output <c>[N, Cout, OH, OW]</c>.
/// Padding is the padding before each spatial dim (padding after it only shows in OH and OW).
/// </summary>
internal readonly record struct ConvGeometry(
    int N, int C, int H, int W, int Cout, int Groups,
    int KH, int KW, int SH, int SW, int PH, int PW, int DH, int DW, int OH, int OW)
{
    /// <summary>Output positions per sample and channel.</summary>
    public int L => OH * OW;
    public int CinG => C / Groups;
    public int CoutG => Cout / Groups;
    /// <summary>Rows of one group's column matrix: the weight's reduction length.</summary>
    public int Kg => CinG * KH * KW;
    /// <summary>Rows of the whole column matrix.</summary>
    public int Rows => C * KH * KW;

    /// <summary>A 1×1 convolution with unit stride and no padding: the input is its own column matrix.</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && SH == 1 && SW == 1 && PH == 0 && PW == 0 && OH == H && OW == W;
}

/// <summary>
/// im2col and col2im: the column matrix of a chunk of samples <c>[n0, n0 + nb)</c> is laid out
/// <c>[C·KH·KW, nb·OH·OW]</c>, row <c>(c·KH + i)·KW + j</c>, column <c>s·OH·OW + y·OW + x</c>, so
/// that one GEMM per group multiplies the weight <c>[Cout/G, C/G·KH·KW]</c> by it for the whole
/// chunk. The two are adjoint (each is the other's transpose), which the convolution's backward uses.
/// </summary>
internal static class Im2Col
{
    /// <summary>col = im2col(x[n0 : n0 + nb]); x is the contiguous input, col is overwritten.</summary>
    public static void Unfold<T>(ArraySegment<T> x, ConvGeometry g, int n0, int nb, ArraySegment<T> col)
        where T : unmanaged, INumberBase<T>
    {
        long work = (long)g.Rows * nb * g.L;
        ParallelRanges.For(g.Rows, work, (r0, r1) => UnfoldRows<T>(x, g, n0, nb, col, r0, r1));
    }

    /// <summary>Rows [r0, r1) of <see cref="Unfold"/>, on the calling thread.</summary>
    public static void UnfoldRows<T>(ReadOnlySpan<T> xs, in ConvGeometry g, int n0, int nb, Span<T> cs, int r0, int r1)
        where T : unmanaged, INumberBase<T>
    {
        bool shifted = ShiftedRow.Applies(in g);
        int kk = g.KH * g.KW, hw = g.H * g.W, l = g.L, width = nb * l;
        for (int r = r0; r < r1; r++)
        {
            int c = r / kk, i = r % kk / g.KW, j = r % g.KW;
            int ix0 = j * g.DW - g.PW;
            // Output columns whose input column is inside the image (for unit stride).
            int xa = Math.Clamp(-ix0, 0, g.OW), xb = Math.Clamp(g.W - ix0, xa, g.OW);
            for (int s = 0; s < nb; s++)
            {
                var plane = xs.Slice(((n0 + s) * g.C + c) * hw, hw);
                var dstRows = cs.Slice(r * width + s * l, l);
                if (shifted)
                {
                    var span = ShiftedRow.Of(g, i, ix0, xa, xb);
                    if (span.Length == 0)
                    {
                        dstRows.Clear();
                        continue;
                    }
                    dstRows[..span.Start].Clear();
                    plane.Slice(span.Start + span.Delta, span.Length).CopyTo(dstRows.Slice(span.Start, span.Length));
                    dstRows[(span.Start + span.Length)..].Clear();
                    span.ClearWrapped(dstRows, g.OW, xa, xb);
                    continue;
                }
                for (int y = 0; y < g.OH; y++)
                {
                    int iy = y * g.SH - g.PH + i * g.DH;
                    var dst = dstRows.Slice(y * g.OW, g.OW);
                    if ((uint)iy >= (uint)g.H)
                    {
                        dst.Clear();
                        continue;
                    }
                    var src = plane.Slice(iy * g.W, g.W);
                    if (g.SW == 1)
                    {
                        dst[..xa].Clear();
                        if (xb > xa) src.Slice(ix0 + xa, xb - xa).CopyTo(dst[xa..xb]);
                        dst[xb..].Clear();
                    }
                    else
                    {
                        for (int ox = 0; ox < g.OW; ox++)
                        {
                            int ix = ix0 + ox * g.SW;
                            dst[ox] = (uint)ix < (uint)g.W ? src[ix] : T.Zero;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// x[n0 : n0 + nb] += col2im(col): each column entry is added to the input pixel it was read
    /// from. col is scratch: entries that read padding may be cleared.
    /// </summary>
    public static void FoldAdd<T>(ArraySegment<T> col, ConvGeometry g, int n0, int nb, ArraySegment<T> x)
        where T : unmanaged, INumberBase<T>
    {
        long work = (long)g.Rows * nb * g.L;
        // By input channel: each channel's rows add into its own planes only, so threads never share a pixel.
        ParallelRanges.For(g.C, work, (c0, c1) => FoldAddChannels<T>(col, g, n0, nb, x, c0, c1));
    }

    /// <summary>Input channels [c0, c1) of <see cref="FoldAdd"/>, on the calling thread.</summary>
    public static void FoldAddChannels<T>(Span<T> cs, in ConvGeometry g, int n0, int nb, Span<T> xs, int c0, int c1)
        where T : unmanaged, INumberBase<T>
    {
        bool shifted = ShiftedRow.Applies(in g);
        int kk = g.KH * g.KW, hw = g.H * g.W, l = g.L, width = nb * l;
        for (int r = c0 * kk; r < c1 * kk; r++)
        {
            int c = r / kk, i = r % kk / g.KW, j = r % g.KW;
            int ix0 = j * g.DW - g.PW;
            int xa = Math.Clamp(-ix0, 0, g.OW), xb = Math.Clamp(g.W - ix0, xa, g.OW);
            for (int s = 0; s < nb; s++)
            {
                var plane = xs.Slice(((n0 + s) * g.C + c) * hw, hw);
                var srcRows = cs.Slice(r * width + s * l, l);
                if (shifted)
                {
                    var span = ShiftedRow.Of(g, i, ix0, xa, xb);
                    if (span.Length == 0)
                        continue;
                    // The wrapped entries would land on the neighbouring row's pixels: zero them (col is scratch).
                    span.ClearWrapped(srcRows, g.OW, xa, xb);
                    var d = plane.Slice(span.Start + span.Delta, span.Length);
                    TensorPrimitives.Add(d, srcRows.Slice(span.Start, span.Length), d);
                    continue;
                }
                for (int y = 0; y < g.OH; y++)
                {
                    int iy = y * g.SH - g.PH + i * g.DH;
                    if ((uint)iy >= (uint)g.H)
                        continue;
                    var src = srcRows.Slice(y * g.OW, g.OW);
                    var dst = plane.Slice(iy * g.W, g.W);
                    if (g.SW == 1)
                    {
                        if (xb > xa)
                        {
                            var d = dst.Slice(ix0 + xa, xb - xa);
                            TensorPrimitives.Add(d, src[xa..xb], d);
                        }
                    }
                    else
                    {
                        for (int ox = 0; ox < g.OW; ox++)
                        {
                            int ix = ix0 + ox * g.SW;
                            if ((uint)ix < (uint)g.W) dst[ix] += src[ox];
                        }
                    }
                }
            }
        }
    }
}

/// <summary>
/// The rows of a column matrix of a stride-1 convolution whose output is as wide as its input
/// (OW = W, as with 'same' padding): output pixel q = y·W + x reads input pixel q + Delta, one
/// constant shift, so a sample's row is one contiguous copy of [Start, Start + Length) (the output
/// pixels from the first to the last that read inside the image) and the entries in between that
/// wrap around a row's edge (x outside [xa, xb)), which read the neighbouring row, are cleared.
/// </summary>
internal readonly record struct ShiftedRow(int Start, int Length, int Delta, int FirstRow, int EndRow)
{
    public static bool Applies(in ConvGeometry g) => g.SH == 1 && g.SW == 1 && g.OW == g.W;

    /// <summary>The copy for kernel row <paramref name="i"/>, the kernel column's input offset
    /// <paramref name="ix0"/> and the output columns [xa, xb) whose input column is in the image.</summary>
    public static ShiftedRow Of(in ConvGeometry g, int i, int ix0, int xa, int xb)
    {
        int iy0 = i * g.DH - g.PH;
        int ya = Math.Clamp(-iy0, 0, g.OH), yb = Math.Clamp(g.H - iy0, ya, g.OH);
        if (yb <= ya || xb <= xa)
            return default;
        int start = ya * g.OW + xa, end = (yb - 1) * g.OW + xb;
        return new ShiftedRow(start, end - start, iy0 * g.W + ix0, ya, yb);
    }

    /// <summary>Clears the wrapped entries of the copied range: x &lt; xa on every row after the first, x ≥ xb on every row before the last.</summary>
    public void ClearWrapped<T>(Span<T> rows, int ow, int xa, int xb)
    {
        if (xa > 0)
            for (int y = FirstRow + 1; y < EndRow; y++)
                rows.Slice(y * ow, xa).Clear();
        if (xb < ow)
            for (int y = FirstRow; y < EndRow - 1; y++)
                rows.Slice(y * ow + xb, ow - xb).Clear();
    }
}

/// <summary>Splits a range of independent items over the worker pool (both cores) when the work is large enough.</summary>
internal static class ParallelRanges
{
    /// <summary>Element operations below which a loop stays on the calling thread.</summary>
    private const long ParallelThreshold = 64 * 1024;

    [ThreadStatic] private static RangeJob? t_job;

    /// <summary>True on a thread that is running a piece of a range (a loop inside it runs on that thread alone).</summary>
    [ThreadStatic] private static bool t_inPiece;

    /// <summary>Runs <paramref name="body"/> over [0, <paramref name="count"/>) in contiguous pieces, one per thread.</summary>
    public static void For(int count, long work, Action<int, int> body)
        => For(count, work, (_, a, b) => body(a, b));

    /// <summary>
    /// Runs <paramref name="body"/>(piece, a, b) over [0, <paramref name="count"/>) in contiguous
    /// pieces, at most <see cref="MaxPieces"/>, one per thread, piece i before piece i + 1 in the
    /// range; returns the number of pieces.
    /// </summary>
    public static int For(int count, long work, Action<int, int, int> body)
    {
        int threads = t_inPiece ? 1 : (int)Math.Min(Math.Min(MaxPieces, count), Math.Max(1, work / ParallelThreshold));
        if (threads > 1)
        {
            var job = t_job ??= new RangeJob();
            job.Body = body;
            job.Count = count;
            job.Threads = threads;
            bool ran = WorkerPool.TryRun(job, threads);
            job.Body = null;
            if (ran)
                return threads;
        }
        body(0, 0, count);
        return 1;
    }

    /// <summary>The most pieces a range is split into.</summary>
    public static int MaxPieces => WorkerPool.MaxParallelism;

    private sealed class RangeJob : ParallelJob
    {
        public Action<int, int, int>? Body;
        public int Count, Threads;

        public override void Execute(int thread)
        {
            int a = (int)((long)Count * thread / Threads), b = (int)((long)Count * (thread + 1) / Threads);
            if (a >= b)
                return;
            bool outer = t_inPiece;
            t_inPiece = true;
            try
            {
                Body!(thread, a, b);
            }
            finally
            {
                t_inPiece = outer;
            }
        }
    }
}
