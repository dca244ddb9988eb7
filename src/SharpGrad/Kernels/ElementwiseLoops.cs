using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>An elementwise binary operator: a scalar form and span forms that the JIT specialises
/// per struct, so loops carry no virtual calls. Span forms default to scalar loops; operators
/// override them with <c>TensorPrimitives</c> where it has the operation.</summary>
internal interface IBinaryOp<TSelf, T, TOut> where TSelf : IBinaryOp<TSelf, T, TOut>
{
    static abstract TOut Invoke(T x, T y);

    static virtual void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<TOut> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TSelf.Invoke(x[i], y[i]);
    }

    static virtual void Invoke(ReadOnlySpan<T> x, T y, Span<TOut> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TSelf.Invoke(x[i], y);
    }

    static virtual void Invoke(T x, ReadOnlySpan<T> y, Span<TOut> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TSelf.Invoke(x, y[i]);
    }
}

/// <summary>An elementwise unary operator (see <see cref="IBinaryOp{TSelf,T,TOut}"/>).</summary>
internal interface IUnaryOp<TSelf, T, TOut> where TSelf : IUnaryOp<TSelf, T, TOut>
{
    static abstract TOut Invoke(T x);

    static virtual void Invoke(ReadOnlySpan<T> x, Span<TOut> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TSelf.Invoke(x[i]);
    }
}

/// <summary>
/// Loop drivers over strided, broadcast operands. Dimensions that are laid out back to back in
/// every operand are merged first, so most tensors reduce to one or two dimensions; the innermost
/// run then goes to the operator's span form when it is contiguous (or a broadcast scalar).
/// </summary>
internal static class ElementwiseLoops
{
    /// <summary>Runs shorter than this stay on one thread: below it, waking a second core costs more
    /// than it saves.</summary>
    internal const int ParallelThreshold = 1 << 16;

    /// <summary>Runs shorter than this use the operator's scalar form: for a handful of elements a
    /// vectorised call costs more than it saves, and it spares a small program the JIT time of
    /// TensorPrimitives' large generic kernels (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').</summary>
    internal const int VectorThreshold = 16;

    /// <summary>
    /// <c>span.Fill(value)</c>, with spans shorter than <see cref="VectorThreshold"/> filled by a
    /// plain loop.
    /// </summary>
    /// <remarks>Span.Fill's vectorized implementation (SpanHelpers.Fill) is not precompiled for our
    /// element types; its first call's JIT time is too much for backward's implicit gradient of 1
    /// or a small reduction's identity. T is unconstrained so that the instantiations non-generic
    /// callers (Tensor.OnesLike) name are precompiled (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
    internal static void Fill<T>(Span<T> span, T value)
    {
        if (span.Length >= VectorThreshold)
        {
            // Zero (all bits, so not -0.0) goes to the runtime's native memset: precompiled, so it
            // runs at full speed from the first call, while Fill's generic loop waits for tiered
            // compilation (measured: BENCHMARKS.md, "Measurements behind design choices").
            if (IsAllZeroBits(value)) span.Clear();
            else span.Fill(value);
            return;
        }
        for (int i = 0; i < span.Length; i++) span[i] = value;
    }

    private static bool IsAllZeroBits<T>(T value) => Unsafe.SizeOf<T>() switch
    {
        1 => Unsafe.As<T, byte>(ref value) == 0,
        4 => Unsafe.As<T, int>(ref value) == 0,
        8 => Unsafe.As<T, long>(ref value) == 0,
        _ => false,
    };

    /// <summary>How many chunks to split a flat run of <paramref name="length"/> elements into.</summary>
    internal static int ChunkCount(int length)
        => length < ParallelThreshold ? 1 : Math.Min(WorkerPool.MaxParallelism, length / (ParallelThreshold / 2));

    /// <summary>Merges dimension i into i+1 wherever every operand's stride allows it; drops size-1 dims.</summary>
    public static int Coalesce(Span<int> shape, Span<int> s0, Span<int> s1, Span<int> s2)
    {
        int rank = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (rank > 0)
            {
                int p = rank - 1;
                if (s0[p] == s0[i] * shape[i] && s1[p] == s1[i] * shape[i] && s2[p] == s2[i] * shape[i])
                {
                    shape[p] *= shape[i];
                    s0[p] = s0[i]; s1[p] = s1[i]; s2[p] = s2[i];
                    continue;
                }
            }
            shape[rank] = shape[i]; s0[rank] = s0[i]; s1[rank] = s1[i]; s2[rank] = s2[i];
            rank++;
        }
        if (rank == 0) { shape[0] = 1; s0[0] = s1[0] = s2[0] = 0; rank = 1; }
        return rank;
    }

    /// <summary>
    /// Copies <paramref name="shape"/> and the operands' strides (<paramref name="s2"/> may be empty:
    /// zeros) into <paramref name="sh"/>, <paramref name="o0"/>, <paramref name="o1"/>,
    /// <paramref name="o2"/>, each of length max(rank, 1), and merges dimensions; returns the merged
    /// rank, or 0 when the shape has no elements.
    /// </summary>
    /// <remarks>The loop drivers below are generic and JIT-compiled once per operator and dtype;
    /// what does not depend on the element type lives in non-generic, internal (not private)
    /// helpers like this one, precompiled, to keep the drivers small and quick to JIT
    /// (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
    internal static int Layout(ReadOnlySpan<int> shape, ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, ReadOnlySpan<int> s2,
        Span<int> sh, Span<int> o0, Span<int> o1, Span<int> o2)
    {
        foreach (var s in shape) if (s == 0) return 0;
        if (shape.Length == 0) { sh[0] = 1; o0[0] = o1[0] = o2[0] = 0; return 1; }
        shape.CopyTo(sh); s0.CopyTo(o0); s1.CopyTo(o1);
        if (s2.IsEmpty) o2.Clear(); else s2.CopyTo(o2);
        return Coalesce(sh, o0, o1, o2);
    }

    /// <summary>Steps the outer dimensions (all but the last of <paramref name="index"/>'s) to the
    /// next innermost run, moving the three operands' offsets along. (Internal, not private, as
    /// <see cref="Layout"/>.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void NextRun(Span<int> index, ReadOnlySpan<int> sh,
        ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, ReadOnlySpan<int> s2, ref int off0, ref int off1, ref int off2)
    {
        for (int dim = index.Length - 2; dim >= 0; dim--)
        {
            off0 += s0[dim]; off1 += s1[dim]; off2 += s2[dim];
            if (++index[dim] < sh[dim]) return;
            off0 -= s0[dim] * sh[dim]; off1 -= s1[dim] * sh[dim]; off2 -= s2[dim] * sh[dim];
            index[dim] = 0;
        }
    }

    /// <summary>
    /// True when one run covers the whole of <paramref name="shape"/>: d contiguous, and x and y
    /// each contiguous (stride 1 in <paramref name="ix"/>, <paramref name="iy"/>) or one element
    /// broadcast (stride 0); <paramref name="n"/> is the number of elements. Size-1 dimensions
    /// do not count, as in <see cref="Coalesce"/>.
    /// </summary>
    /// <remarks>Most elementwise ops are on such operands; the drivers then skip the layout
    /// analysis, which is most of their cost for small tensors (and at tier 0, before they are
    /// recompiled optimized). Internal, not private, as <see cref="Layout"/>.</remarks>
    internal static bool IsFlat(ReadOnlySpan<int> shape, ReadOnlySpan<int> xStrides, ReadOnlySpan<int> yStrides,
        ReadOnlySpan<int> dStrides, out int n, out int ix, out int iy)
    {
        bool xRun = true, xOne = true, yRun = true, yOne = true;
        n = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            int size = shape[i];
            if (size == 1) continue;
            if (dStrides[i] != n) { ix = iy = 0; return false; }
            xRun &= xStrides[i] == n; xOne &= xStrides[i] == 0;
            yRun &= yStrides[i] == n; yOne &= yStrides[i] == 0;
            n *= size;
        }
        ix = xRun ? 1 : 0;
        iy = yRun ? 1 : 0;
        return (xRun || xOne) && (yRun || yOne);
    }

    // The drivers are never inlined: inlined, with their operators' vectorized span forms, into
    // Dispatch's per-dtype switches, they made each switch's tier-1 recompile slow, and a training
    // loop's ops reached tier 1 later. For the same reason the span forms are called through
    // VectorRun, compiled only when used (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').

    /// <summary>d = op(x, y) with x, y, d given by offset and strides over <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Binary<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        T[] y, int yOff, ReadOnlySpan<int> yStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        if (!IsFlat(shape, xStrides, yStrides, dStrides, out int n, out int ix, out int iy))
        {
            BinaryStrided<T, TOut, TOp>(shape, x, xOff, xStrides, y, yOff, yStrides, d, dOff, dStrides);
            return;
        }
        // One run (what the general driver below does for merged rank 1).
        if (n == 0) return;
        if (ix + iy >= 1 && ChunkCount(n) > 1)
            BinaryParallel<T, TOut, TOp>(n, x, xOff, ix, y, yOff, iy, d, dOff);
        else if (n >= VectorThreshold && ix + iy >= 1)
            VectorRun<T, TOut, TOp>(n, x, xOff, ix, y, yOff, iy, d, dOff);
        else
            ScalarRun<T, TOut, TOp>(n, x, xOff, ix, y, yOff, iy, d, dOff, 1);
    }

    /// <summary><see cref="Binary"/> for layouts that are not one run: merged dimensions, and an
    /// outer loop over the innermost runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BinaryStrided<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        T[] y, int yOff, ReadOnlySpan<int> yStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        // Fixed-size locals, not stackalloc: see RankBuffer.
        RankBuffer bh = default, bx = default, by = default, bd = default, bi = default;
        int m = Math.Max(shape.Length, 1);
        Span<int> sh = RankBuffer.Dims(ref bh, m), sx = RankBuffer.Dims(ref bx, m),
            sy = RankBuffer.Dims(ref by, m), sd = RankBuffer.Dims(ref bd, m);
        int rank = Layout(shape, xStrides, yStrides, dStrides, sh, sx, sy, sd);
        if (rank == 0) return;

        int last = rank - 1;
        int len = sh[last], ix = sx[last], iy = sy[last], id = sd[last];
        if (rank == 1 && id == 1 && ix + iy >= 1 && ix <= 1 && iy <= 1 && ChunkCount(len) > 1)
        {
            BinaryParallel<T, TOut, TOp>(len, x, xOff, ix, y, yOff, iy, d, dOff);
            return;
        }
        Span<int> index = RankBuffer.Dims(ref bi, rank);
        int outer = 1;
        for (int i = 0; i < last; i++) outer *= sh[i];
        // Vectorized: d contiguous, x and y each contiguous or a broadcast scalar (not both scalars).
        bool vectorize = len >= VectorThreshold && id == 1 && ix <= 1 && iy <= 1 && ix + iy >= 1;
        for (int o = 0; o < outer; o++)
        {
            if (vectorize)
                VectorRun<T, TOut, TOp>(len, x, xOff, ix, y, yOff, iy, d, dOff);
            else
                ScalarRun<T, TOut, TOp>(len, x, xOff, ix, y, yOff, iy, d, dOff, id);
            NextRun(index, sh, sx, sy, sd, ref xOff, ref yOff, ref dOff);
        }
    }

    /// <summary>d = op(x) over strided operands.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Unary<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IUnaryOp<TOp, T, TOut>
    {
        if (!IsFlat(shape, xStrides, xStrides, dStrides, out int n, out int ix, out _))
        {
            UnaryStrided<T, TOut, TOp>(shape, x, xOff, xStrides, d, dOff, dStrides);
            return;
        }
        // One run (what the general driver below does for merged rank 1).
        if (n == 0) return;
        if (ix == 1 && ChunkCount(n) > 1)
            UnaryChunks<T, TOut, TOp>.Run(n, x, xOff, d, dOff);
        else if (n >= VectorThreshold && ix == 1)
            VectorRun<T, TOut, TOp>(n, x, xOff, d, dOff);
        else
            ScalarRun<T, TOut, TOp>(n, x, xOff, ix, d, dOff, 1);
    }

    /// <summary><see cref="Unary"/> for layouts that are not one run.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnaryStrided<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IUnaryOp<TOp, T, TOut>
    {
        // Fixed-size locals, not stackalloc: see RankBuffer.
        RankBuffer bh = default, bx = default, bd = default, bu = default, bi = default;
        int m = Math.Max(shape.Length, 1);
        Span<int> sh = RankBuffer.Dims(ref bh, m), sx = RankBuffer.Dims(ref bx, m),
            sd = RankBuffer.Dims(ref bd, m), unused = RankBuffer.Dims(ref bu, m);
        int rank = Layout(shape, xStrides, dStrides, default, sh, sx, sd, unused);
        if (rank == 0) return;

        int last = rank - 1;
        int len = sh[last], ix = sx[last], id = sd[last];
        if (rank == 1 && id == 1 && ix == 1 && ChunkCount(len) > 1)
        {
            UnaryChunks<T, TOut, TOp>.Run(len, x, xOff, d, dOff);
            return;
        }
        Span<int> index = RankBuffer.Dims(ref bi, rank);
        int outer = 1;
        for (int i = 0; i < last; i++) outer *= sh[i];
        bool vectorize = len >= VectorThreshold && id == 1 && ix == 1;
        int unusedOff = 0;
        for (int o = 0; o < outer; o++)
        {
            if (vectorize)
                VectorRun<T, TOut, TOp>(len, x, xOff, d, dOff);
            else
                ScalarRun<T, TOut, TOp>(len, x, xOff, ix, d, dOff, id);
            NextRun(index, sh, sx, sd, unused, ref xOff, ref dOff, ref unusedOff);
        }
    }

    // The element-by-element loops (short or strided runs) are methods of their own, never inlined
    // into the drivers, so that each is optimized from its own profile: inside a driver, dynamic
    // PGO compiled the loop as cold code whenever the driver's first calls had taken the
    // vectorized paths (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').

    /// <summary>A contiguous run of d through the operator's span form: x and y are contiguous
    /// (stride 1) or a broadcast scalar (stride 0), not both scalars.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VectorRun<T, TOut, TOp>(int len, T[] x, int xOff, int ix, T[] y, int yOff, int iy, TOut[] d, int dOff)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        var dst = new Span<TOut>(d, dOff, len);
        if (ix == 1 && iy == 1)
            TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), new ReadOnlySpan<T>(y, yOff, len), dst);
        else if (ix == 1)
            TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), y[yOff], dst);
        else
            TOp.Invoke(x[xOff], new ReadOnlySpan<T>(y, yOff, len), dst);
    }

    /// <summary>A contiguous run of d = op(x), x contiguous, through the operator's span form.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void VectorRun<T, TOut, TOp>(int len, T[] x, int xOff, TOut[] d, int dOff)
        where TOp : IUnaryOp<TOp, T, TOut>
        => TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), new Span<TOut>(d, dOff, len));

    /// <summary>d[pd + i*id] = op(x[px + i*ix], y[py + i*iy]) for i &lt; len.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarRun<T, TOut, TOp>(int len, T[] x, int px, int ix, T[] y, int py, int iy, TOut[] d, int pd, int id)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        for (int i = 0; i < len; i++, px += ix, py += iy, pd += id)
            d[pd] = TOp.Invoke(x[px], y[py]);
    }

    /// <summary>d[pd + i*id] = op(x[px + i*ix]) for i &lt; len.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScalarRun<T, TOut, TOp>(int len, T[] x, int px, int ix, TOut[] d, int pd, int id)
        where TOp : IUnaryOp<TOp, T, TOut>
    {
        for (int i = 0; i < len; i++, px += ix, pd += id)
            d[pd] = TOp.Invoke(x[px]);
    }

    private static (int start, int count) Chunk(int length, int chunks, int c)
    {
        // Chunk boundaries on 64-element multiples keep each thread's vectors aligned alike.
        int per = (length / chunks + 63) & ~63;
        int start = Math.Min(c * per, length);
        int end = c == chunks - 1 ? length : Math.Min(start + per, length);
        return (start, end - start);
    }

    private static void BinaryParallel<T, TOut, TOp>(int len, T[] x, int xOff, int ix, T[] y, int yOff, int iy, TOut[] d, int dOff)
        where TOp : IBinaryOp<TOp, T, TOut>
        => BinaryChunks<T, TOut, TOp>.Run(len, x, xOff, ix, y, yOff, iy, d, dOff);

    /// <summary>A flat contiguous unary run split into chunks over <see cref="WorkerPool"/>; one cached job per thread and operator.</summary>
    private sealed class UnaryChunks<T, TOut, TOp> : ParallelJob where TOp : IUnaryOp<TOp, T, TOut>
    {
        [ThreadStatic] private static UnaryChunks<T, TOut, TOp>? t_job;
        private T[] _x = [];
        private TOut[] _d = [];
        private int _xOff, _dOff, _len, _chunks;

        public static void Run(int len, T[] x, int xOff, TOut[] d, int dOff)
        {
            var job = t_job ??= new();
            (job._x, job._xOff, job._d, job._dOff, job._len, job._chunks) = (x, xOff, d, dOff, len, ChunkCount(len));
            if (!WorkerPool.TryRun(job, job._chunks))
                for (int c = 0; c < job._chunks; c++) job.Execute(c);
            (job._x, job._d) = ([], []);
        }

        public override void Execute(int c)
        {
            var (start, count) = Chunk(_len, _chunks, c);
            TOp.Invoke(new ReadOnlySpan<T>(_x, _xOff + start, count), new Span<TOut>(_d, _dOff + start, count));
        }
    }

    /// <summary>A flat binary run (contiguous operands, or one a broadcast scalar) split into chunks over <see cref="WorkerPool"/>.</summary>
    private sealed class BinaryChunks<T, TOut, TOp> : ParallelJob where TOp : IBinaryOp<TOp, T, TOut>
    {
        [ThreadStatic] private static BinaryChunks<T, TOut, TOp>? t_job;
        private T[] _x = [], _y = [];
        private TOut[] _d = [];
        private int _xOff, _ix, _yOff, _iy, _dOff, _len, _chunks;

        public static void Run(int len, T[] x, int xOff, int ix, T[] y, int yOff, int iy, TOut[] d, int dOff)
        {
            var job = t_job ??= new();
            (job._x, job._xOff, job._ix, job._y, job._yOff, job._iy) = (x, xOff, ix, y, yOff, iy);
            (job._d, job._dOff, job._len, job._chunks) = (d, dOff, len, ChunkCount(len));
            if (!WorkerPool.TryRun(job, job._chunks))
                for (int c = 0; c < job._chunks; c++) job.Execute(c);
            (job._x, job._y, job._d) = ([], [], []);
        }

        public override void Execute(int c)
        {
            var (start, count) = Chunk(_len, _chunks, c);
            var dst = new Span<TOut>(_d, _dOff + start, count);
            if (_ix == 1 && _iy == 1)
                TOp.Invoke(new ReadOnlySpan<T>(_x, _xOff + start, count), new ReadOnlySpan<T>(_y, _yOff + start, count), dst);
            else if (_ix == 1)
                TOp.Invoke(new ReadOnlySpan<T>(_x, _xOff + start, count), _y[_yOff], dst);
            else
                TOp.Invoke(_x[_xOff], new ReadOnlySpan<T>(_y, _yOff + start, count), dst);
        }
    }
}
