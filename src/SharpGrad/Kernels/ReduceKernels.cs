using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace SharpGrad.Kernels;

/// <summary>A reduction's combining rule: scalar, over a contiguous run, and row-wise.</summary>
/// <remarks>T is unconstrained and the operators below are non-generic structs implementing this
/// once per element type, so that ReadyToRun precompiles <see cref="ReduceKernels.Reduce"/> over
/// them (see docs/PERFORMANCE.md, 'Generic instantiations').</remarks>
internal interface IReduceOp<T>
{
    /// <summary>The value an empty reduction gives (and that every combine starts from).</summary>
    static abstract T Identity { get; }
    static abstract T Combine(T a, T b);
    /// <summary>Reduces a non-empty contiguous run.</summary>
    static abstract T Reduce(ReadOnlySpan<T> run);
    /// <summary>d = combine(x, y) element by element (d may be x or y).</summary>
    static abstract void Combine(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);
}

/// <summary>Maximum that propagates NaN (IEEE 754:2019 maximum), as PyTorch's max/amax.</summary>
internal struct MaxReduceOp : IReduceOp<float>, IReduceOp<double>, IReduceOp<long>
{
    static float IReduceOp<float>.Identity => float.NegativeInfinity;
    static double IReduceOp<double>.Identity => double.NegativeInfinity;
    static long IReduceOp<long>.Identity => long.MinValue;
    public static float Combine(float a, float b) => float.IsNaN(a) ? a : float.IsNaN(b) ? b : (b > a ? b : a);
    public static double Combine(double a, double b) => double.IsNaN(a) ? a : double.IsNaN(b) ? b : (b > a ? b : a);
    public static long Combine(long a, long b) => b > a ? b : a;
    public static float Reduce(ReadOnlySpan<float> run) => TensorPrimitives.Max(run);
    public static double Reduce(ReadOnlySpan<double> run) => TensorPrimitives.Max(run);
    public static long Reduce(ReadOnlySpan<long> run) => TensorPrimitives.Max(run);
    public static void Combine(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Max(x, y, d);
    public static void Combine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Max(x, y, d);
    public static void Combine(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Max(x, y, d);
}

/// <summary>Minimum that propagates NaN, as PyTorch's min/amin.</summary>
internal struct MinReduceOp : IReduceOp<float>, IReduceOp<double>, IReduceOp<long>
{
    static float IReduceOp<float>.Identity => float.PositiveInfinity;
    static double IReduceOp<double>.Identity => double.PositiveInfinity;
    static long IReduceOp<long>.Identity => long.MaxValue;
    public static float Combine(float a, float b) => float.IsNaN(a) ? a : float.IsNaN(b) ? b : (b < a ? b : a);
    public static double Combine(double a, double b) => double.IsNaN(a) ? a : double.IsNaN(b) ? b : (b < a ? b : a);
    public static long Combine(long a, long b) => b < a ? b : a;
    public static float Reduce(ReadOnlySpan<float> run) => TensorPrimitives.Min(run);
    public static double Reduce(ReadOnlySpan<double> run) => TensorPrimitives.Min(run);
    public static long Reduce(ReadOnlySpan<long> run) => TensorPrimitives.Min(run);
    public static void Combine(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Min(x, y, d);
    public static void Combine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Min(x, y, d);
    public static void Combine(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Min(x, y, d);
}

/// <summary>Sum.</summary>
internal struct SumReduceOp : IReduceOp<float>, IReduceOp<double>, IReduceOp<long>
{
    static float IReduceOp<float>.Identity => 0;
    static double IReduceOp<double>.Identity => 0;
    static long IReduceOp<long>.Identity => 0;
    public static float Combine(float a, float b) => a + b;
    public static double Combine(double a, double b) => a + b;
    public static long Combine(long a, long b) => a + b;
    public static float Reduce(ReadOnlySpan<float> run) => TensorPrimitives.Sum(run);
    public static double Reduce(ReadOnlySpan<double> run) => TensorPrimitives.Sum(run);
    public static long Reduce(ReadOnlySpan<long> run) => TensorPrimitives.Sum(run);
    public static void Combine(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Add(x, y, d);
    public static void Combine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Add(x, y, d);
    public static void Combine(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Add(x, y, d);
}

/// <summary>Product (integers wrap around on overflow, as in PyTorch).</summary>
internal struct ProdReduceOp : IReduceOp<float>, IReduceOp<double>, IReduceOp<long>
{
    static float IReduceOp<float>.Identity => 1;
    static double IReduceOp<double>.Identity => 1;
    static long IReduceOp<long>.Identity => 1;
    public static float Combine(float a, float b) => a * b;
    public static double Combine(double a, double b) => a * b;
    public static long Combine(long a, long b) => a * b;
    public static float Reduce(ReadOnlySpan<float> run) => TensorPrimitives.Product(run);
    public static double Reduce(ReadOnlySpan<double> run) => TensorPrimitives.Product(run);
    public static long Reduce(ReadOnlySpan<long> run) => TensorPrimitives.Product(run);
    public static void Combine(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Combine(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Combine(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d) => TensorPrimitives.Multiply(x, y, d);
}

/// <summary>
/// Kernels of the reductions beyond sum: a generic masked reduction (same grouping as
/// <see cref="ReduceLoops"/>), arg-max/arg-min along one dimension, cumulative sums, and
/// gather / scatter-add. All read contiguous inputs and write contiguous outputs.
/// </summary>
internal static class ReduceKernels
{
    /// <summary>A short run reduced element by element (see <see cref="ElementwiseLoops.VectorThreshold"/>).</summary>
    private static T ReduceShort<T, TOp>(ReadOnlySpan<T> run) where TOp : IReduceOp<T>
    {
        T acc = run[0];
        for (int i = 1; i < run.Length; i++) acc = TOp.Combine(acc, run[i]);
        return acc;
    }

    /// <summary>dst (kept elements, row-major) = reduction of src over the reduced groups.</summary>
    /// <remarks>Never inlined, like the elementwise drivers (and Gather and ScatterAdd): inlined
    /// into their callers with the operators' vectorized forms, they would make the callers'
    /// tier-1 recompiles slow (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').</remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Reduce<T, TOp>(ReadOnlySpan<T> src, int[] sizes, bool[] reduced, Span<T> dst)
        where TOp : IReduceOp<T>
    {
        ElementwiseLoops.Fill(dst, TOp.Identity);
        int g = sizes.Length;
        int inner = sizes[g - 1];
        bool innerReduced = reduced[g - 1];
        if (inner == 0 || src.Length == 0) return;
        int outer = src.Length / inner;

        // Fixed-size locals, not stackalloc: see RankBuffer.
        RankBuffer bs = default, bi = default;
        Span<int> outStride = RankBuffer.Dims(ref bs, g);
        int s = innerReduced ? 1 : inner;
        for (int i = g - 2; i >= 0; i--)
        {
            if (reduced[i]) outStride[i] = 0;
            else { outStride[i] = s; s *= sizes[i]; }
        }
        Span<int> index = RankBuffer.Dims(ref bi, g);
        int outOff = 0;
        for (int o = 0; o < outer; o++)
        {
            var run = src.Slice(o * inner, inner);
            if (innerReduced) dst[outOff] = TOp.Combine(dst[outOff], inner < ElementwiseLoops.VectorThreshold ? ReduceShort<T, TOp>(run) : TOp.Reduce(run));
            else
            {
                var target = dst.Slice(outOff, inner);
                TOp.Combine(target, run, target);
            }
            for (int d = g - 2; d >= 0; d--)
            {
                outOff += outStride[d];
                if (++index[d] < sizes[d]) break;
                outOff -= outStride[d] * sizes[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// Along the middle axis of a contiguous [outer, n, inner] block (n &gt; 0): the extreme
    /// value and the index of its first occurrence; NaN counts as the extreme (first NaN wins).
    /// </summary>
    public static void ArgExtreme<T>(ReadOnlySpan<T> src, int outer, int n, int inner, bool max,
        Span<T> values, Span<long> indices) where T : unmanaged, INumber<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var run = src.Slice(o * n, n);
                int idx = max ? TensorPrimitives.IndexOfMax(run) : TensorPrimitives.IndexOfMin(run);
                var v = run[idx];
                // Ties (and +0 / -0, which compare equal here): the first occurrence wins.
                if (!T.IsNaN(v))
                    for (int j = 0; j < idx; j++)
                        if (run[j] == v) { idx = j; break; }
                values[o] = run[idx];
                indices[o] = idx;
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            var best = values.Slice(o * inner, inner);
            var bestIdx = indices.Slice(o * inner, inner);
            src.Slice(block, inner).CopyTo(best);
            bestIdx.Clear();
            for (int k = 1; k < n; k++)
            {
                var row = src.Slice(block + k * inner, inner);
                for (int j = 0; j < inner; j++)
                {
                    T x = row[j], b = best[j];
                    bool better = T.IsNaN(x) ? !T.IsNaN(b) : (max ? x > b : x < b);
                    if (better) { best[j] = x; bestIdx[j] = k; }
                }
            }
        }
    }

    /// <summary>Inclusive cumulative sum along the middle axis of [outer, n, inner], accumulated
    /// in <typeparamref name="TAcc"/> (double for float32, as PyTorch's CPU kernel does).</summary>
    public static void Cumsum<T, TAcc>(ReadOnlySpan<T> src, int outer, int n, int inner, bool reverse, Span<T> dst)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
        => Scan<T, TAcc>(src, outer, n, inner, reverse, product: false, dst);

    /// <summary>Cumulative product, accumulated in <typeparamref name="TAcc"/> (double for float32, as PyTorch's CPU kernel).</summary>
    public static void Cumprod<T, TAcc>(ReadOnlySpan<T> src, int outer, int n, int inner, Span<T> dst)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
        => Scan<T, TAcc>(src, outer, n, inner, reverse: false, product: true, dst);

    /// <summary>The inclusive scan behind cumsum and cumprod: along the middle axis of [outer, n,
    /// inner] (from its end when <paramref name="reverse"/>), each output is the running sum or
    /// product in <typeparamref name="TAcc"/>, rounded to <typeparamref name="T"/>.</summary>
    private static void Scan<T, TAcc>(ReadOnlySpan<T> src, int outer, int n, int inner, bool reverse, bool product, Span<T> dst)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * n * inner;
            for (int j = 0; j < inner; j++)
            {
                TAcc acc = product ? TAcc.One : TAcc.Zero;
                for (int step = 0; step < n; step++)
                {
                    int k = reverse ? n - 1 - step : step;
                    int at = block + k * inner + j;
                    var x = TAcc.CreateTruncating(src[at]);
                    acc = product ? acc * x : acc + x;
                    dst[at] = T.CreateTruncating(acc);
                }
            }
        }
    }

    /// <summary>
    /// out[p] = self[p with coordinate <paramref name="dim"/> replaced by index[p]] for every
    /// position p of the index shape. Shapes are already checked and of equal rank (at least 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Gather<T>(ReadOnlySpan<T> self, int[] selfShape, ReadOnlySpan<long> index, int[] indexShape,
        int dim, Span<T> dst) where T : unmanaged
    {
        var op = new GatherElement<T>(self, dst);
        ForEachIndexed(ref op, selfShape, index, indexShape, dim);
    }

    /// <summary>dst (zero-filled by the caller, of the self shape) += src scattered along
    /// <paramref name="dim"/> to the positions named by <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ScatterAdd<T>(Span<T> dst, int[] selfShape, ReadOnlySpan<long> index, int[] indexShape,
        int dim, ReadOnlySpan<T> src) where T : unmanaged, INumber<T>
    {
        var op = new ScatterAddElement<T>(dst, src);
        ForEachIndexed(ref op, selfShape, index, indexShape, dim);
    }

    /// <summary>The offset into contiguous self (of the self shape) that each element of index
    /// names along <paramref name="dim"/>: scatter's targets, bounds-checked as gather's.</summary>
    public static int[] IndexedOffsets(int[] selfShape, ReadOnlySpan<long> index, int[] indexShape, int dim)
    {
        var offsets = new int[index.Length];
        var op = new RecordOffset(offsets);
        ForEachIndexed(ref op, selfShape, index, indexShape, dim);
        return offsets;
    }

    /// <summary>What gather or scatter-add does at position p of the index shape, given the offset
    /// into self (contiguous, of the self shape) that index[p] selects.</summary>
    private interface IIndexedElement
    {
        void Apply(int selfOffset, int p);
    }

    private readonly ref struct GatherElement<T>(ReadOnlySpan<T> self, Span<T> dst) : IIndexedElement
    {
        private readonly ReadOnlySpan<T> _self = self;
        private readonly Span<T> _dst = dst;
        public void Apply(int selfOffset, int p) => _dst[p] = _self[selfOffset];
    }

    private readonly ref struct ScatterAddElement<T>(Span<T> dst, ReadOnlySpan<T> src) : IIndexedElement
        where T : INumber<T>
    {
        private readonly Span<T> _dst = dst;
        private readonly ReadOnlySpan<T> _src = src;
        public void Apply(int selfOffset, int p) => _dst[selfOffset] += _src[p];
    }

    private readonly ref struct RecordOffset(Span<int> offsets) : IIndexedElement
    {
        private readonly Span<int> _offsets = offsets;
        public void Apply(int selfOffset, int p) => _offsets[p] = selfOffset;
    }

    /// <summary>
    /// The walk gather, scatter-add and scatter share: for every position p of the index shape (row-major),
    /// the offset into self of p with coordinate <paramref name="dim"/> replaced by index[p],
    /// bounds-checked with PyTorch's message. The element operation is a struct, so each kernel's
    /// loop is compiled with its own line inlined.
    /// </summary>
    private static void ForEachIndexed<TElement>(ref TElement element, int[] selfShape, ReadOnlySpan<long> index,
        int[] indexShape, int dim) where TElement : IIndexedElement, allows ref struct
    {
        var selfStrides = ContiguousLayout.Strides(selfShape);
        int rank = indexShape.Length;
        RankBuffer bc = default; // not stackalloc: see RankBuffer
        Span<int> counter = RankBuffer.Dims(ref bc, rank);
        int baseOff = 0, size = selfShape[dim], stride = selfStrides[dim];
        for (int p = 0; p < index.Length; p++)
        {
            long k = index[p];
            if (k < 0 || k >= size)
                throw new InvalidOperationException($"index {k} is out of bounds for dimension {dim} with size {size}");
            element.Apply(baseOff + (int)k * stride, p);
            Advance(counter, indexShape, selfStrides, dim, ref baseOff);
        }
    }

    /// <summary>Steps the row-major counter over the index shape, keeping the offset into self of
    /// every coordinate but <paramref name="dim"/>.</summary>
    private static void Advance(Span<int> counter, int[] shape, int[] selfStrides, int dim, ref int baseOff)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            int step = d == dim ? 0 : selfStrides[d];
            baseOff += step;
            if (++counter[d] < shape[d]) return;
            baseOff -= step * shape[d];
            counter[d] = 0;
        }
    }
}
