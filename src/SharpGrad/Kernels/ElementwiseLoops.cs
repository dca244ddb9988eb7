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
    /// TensorPrimitives' large generic kernels (a few milliseconds each on first use).</summary>
    internal const int VectorThreshold = 16;

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

    /// <summary>d = op(x, y) with x, y, d given by offset and strides over <paramref name="shape"/>.</summary>
    public static void Binary<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        T[] y, int yOff, ReadOnlySpan<int> yStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IBinaryOp<TOp, T, TOut>
    {
        int n = shape.Length;
        Span<int> sh = stackalloc int[Math.Max(n, 1)], sx = stackalloc int[Math.Max(n, 1)],
            sy = stackalloc int[Math.Max(n, 1)], sd = stackalloc int[Math.Max(n, 1)];
        foreach (var s in shape) if (s == 0) return;
        int rank;
        if (n == 0) { sh[0] = 1; sx[0] = sy[0] = sd[0] = 0; rank = 1; }
        else
        {
            shape.CopyTo(sh); xStrides.CopyTo(sx); yStrides.CopyTo(sy); dStrides.CopyTo(sd);
            rank = Coalesce(sh, sx, sy, sd);
        }

        int last = rank - 1;
        int len = sh[last], ix = sx[last], iy = sy[last], id = sd[last];
        if (rank == 1 && id == 1 && ix + iy >= 1 && ix <= 1 && iy <= 1 && ChunkCount(len) > 1)
        {
            BinaryParallel<T, TOut, TOp>(len, x, xOff, ix, y, yOff, iy, d, dOff);
            return;
        }
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int outer = 1;
        for (int i = 0; i < last; i++) outer *= sh[i];
        bool vectorize = len >= VectorThreshold;
        for (int o = 0; o < outer; o++)
        {
            if (!vectorize)
            {
                int px = xOff, py = yOff, pd = dOff;
                for (int i = 0; i < len; i++, px += ix, py += iy, pd += id)
                    d[pd] = TOp.Invoke(x[px], y[py]);
            }
            else if (id == 1 && ix == 1 && iy == 1)
                TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), new ReadOnlySpan<T>(y, yOff, len), new Span<TOut>(d, dOff, len));
            else if (id == 1 && ix == 1 && iy == 0)
                TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), y[yOff], new Span<TOut>(d, dOff, len));
            else if (id == 1 && ix == 0 && iy == 1)
                TOp.Invoke(x[xOff], new ReadOnlySpan<T>(y, yOff, len), new Span<TOut>(d, dOff, len));
            else
            {
                int px = xOff, py = yOff, pd = dOff;
                for (int i = 0; i < len; i++, px += ix, py += iy, pd += id)
                    d[pd] = TOp.Invoke(x[px], y[py]);
            }
            for (int dim = last - 1; dim >= 0; dim--)
            {
                xOff += sx[dim]; yOff += sy[dim]; dOff += sd[dim];
                if (++index[dim] < sh[dim]) break;
                xOff -= sx[dim] * sh[dim]; yOff -= sy[dim] * sh[dim]; dOff -= sd[dim] * sh[dim];
                index[dim] = 0;
            }
        }
    }

    /// <summary>d = op(x) over strided operands.</summary>
    public static void Unary<T, TOut, TOp>(ReadOnlySpan<int> shape,
        T[] x, int xOff, ReadOnlySpan<int> xStrides,
        TOut[] d, int dOff, ReadOnlySpan<int> dStrides)
        where TOp : IUnaryOp<TOp, T, TOut>
    {
        int n = shape.Length;
        Span<int> sh = stackalloc int[Math.Max(n, 1)], sx = stackalloc int[Math.Max(n, 1)],
            sd = stackalloc int[Math.Max(n, 1)], unused = stackalloc int[Math.Max(n, 1)];
        foreach (var s in shape) if (s == 0) return;
        int rank;
        if (n == 0) { sh[0] = 1; sx[0] = 0; sd[0] = 0; rank = 1; }
        else
        {
            shape.CopyTo(sh); xStrides.CopyTo(sx); dStrides.CopyTo(sd); unused.Clear();
            rank = Coalesce(sh, sx, sd, unused);
        }
        int last = rank - 1;
        int len = sh[last], ix = sx[last], id = sd[last];
        if (rank == 1 && id == 1 && ix == 1 && ChunkCount(len) > 1)
        {
            UnaryChunks<T, TOut, TOp>.Run(len, x, xOff, d, dOff);
            return;
        }
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int outer = 1;
        for (int i = 0; i < last; i++) outer *= sh[i];
        bool vectorize = len >= VectorThreshold;
        for (int o = 0; o < outer; o++)
        {
            if (vectorize && id == 1 && ix == 1)
                TOp.Invoke(new ReadOnlySpan<T>(x, xOff, len), new Span<TOut>(d, dOff, len));
            else
            {
                int px = xOff, pd = dOff;
                for (int i = 0; i < len; i++, px += ix, pd += id) d[pd] = TOp.Invoke(x[px]);
            }
            for (int dim = last - 1; dim >= 0; dim--)
            {
                xOff += sx[dim]; dOff += sd[dim];
                if (++index[dim] < sh[dim]) break;
                xOff -= sx[dim] * sh[dim]; dOff -= sd[dim] * sh[dim];
                index[dim] = 0;
            }
        }
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
