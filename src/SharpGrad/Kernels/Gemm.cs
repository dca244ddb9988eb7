using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SharpGrad.Kernels;

/// <summary>Instruction-set paths of the GEMM micro-kernels.</summary>
internal enum GemmIsa
{
    /// <summary>Plain scalar code; runs anywhere.</summary>
    Scalar = 0,
    /// <summary><see cref="Vector256{T}"/> with AVX2 and FMA3.</summary>
    Avx2 = 1,
    /// <summary><see cref="Vector512{T}"/> with AVX-512F.</summary>
    Avx512 = 2,
}

/// <summary>
/// General matrix multiply for float32 and float64 on the CPU:
/// <c>C[i*ldc + j] (+)= sum_k A[i*aRowStride + k*aColStride] * B[k*bRowStride + j*bColStride]</c>.
/// </summary>
/// <remarks>
/// <para>The layout follows the five-loop algorithm of BLIS (Goto and van de Geijn, "Anatomy of
/// High-Performance Matrix Multiplication"): A is packed into micro-panels of <c>MR</c> rows, B into
/// micro-panels of <c>NR</c> columns, and a register-blocked micro-kernel computes one
/// <c>MR x NR</c> tile of C with fused multiply-adds. Because C is row-major the vector direction of
/// the micro-kernel runs along the columns of C (along B's micro-panels) and A's elements are
/// broadcast; the cache roles are the transpose of BLIS's column-major ones: A's micro-panel stays in
/// L1, B's packed block (<c>KC x NC</c>) stays in L2 and A's packed block (all of <c>k</c> for
/// <c>MC</c> rows) in L3.</para>
/// <para>Packing reads the operands through arbitrary element strides, so transposed, strided and
/// broadcast (stride 0) operands need no copies beforehand.</para>
/// <para>Large products are split over the cores by columns of C or by rows, whichever duplicates
/// less packing; each thread packs into its own buffers, so the threads never wait for each other.</para>
/// <para>Tiny products use a direct loop; vector-matrix and matrix-vector products (m = 1 or n = 1)
/// skip packing; products with few rows use a 4-row micro-kernel and read B in place. If C overlaps
/// an operand the product goes through a temporary.</para>
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Products with at most this many multiply-adds use the direct loop (no packing).</summary>
    internal const long SmallThreshold = 512;

    /// <summary>Products with fewer multiply-adds than this run on one thread.</summary>
    internal const long ParallelThreshold = 320L * 1024;

    /// <summary>The best instruction-set path this process can run.</summary>
    internal static GemmIsa BestIsa => Isa.Best;

    /// <summary>Holds <see cref="BestIsa"/>, apart from Gemm's other statics: precompiled code that
    /// asks about AVX-512 is not used on machines that have it, so with the question in Gemm's
    /// static constructor that constructor was JIT-compiled for a program's first product, although
    /// tiny products never need the answer (see docs/PERFORMANCE.md, 'Generic instantiations').</summary>
    private static class Isa
    {
        public static readonly GemmIsa Best =
            Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmIsa.Avx512 :
            Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported ? GemmIsa.Avx2 :
            GemmIsa.Scalar;
    }

    /// <summary>True if this process can run <paramref name="isa"/>.</summary>
    internal static bool IsSupported(GemmIsa isa) => isa <= BestIsa;

    /// <summary>
    /// <c>C[i*ldc + j] (+)= sum_p A[i*aRowStride + p*aColStride] * B[p*bRowStride + j*bColStride]</c>
    /// for <c>0 &lt;= i &lt; m</c>, <c>0 &lt;= j &lt; n</c>, <c>0 &lt;= p &lt; k</c>.
    /// </summary>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="a">A, starting at its first element.</param>
    /// <param name="aRowStride">Elements between consecutive rows of A (may be 0).</param>
    /// <param name="aColStride">Elements between consecutive columns of A (may be 0).</param>
    /// <param name="b">B, starting at its first element.</param>
    /// <param name="bRowStride">Elements between consecutive rows of B (may be 0).</param>
    /// <param name="bColStride">Elements between consecutive columns of B (may be 0).</param>
    /// <param name="c">C, row-major with unit column stride, starting at its first element.</param>
    /// <param name="ldc">Elements between consecutive rows of C; at least <paramref name="n"/> when m &gt; 1.</param>
    /// <param name="accumulate">False: C is overwritten. True: the product is added to C.</param>
    public static void Multiply(int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int ldc, bool accumulate)
        => MultiplyCore(null, m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate);

    /// <inheritdoc cref="Multiply(int, int, int, ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, int, int, Span{float}, int, bool)"/>
    public static void Multiply(int m, int n, int k,
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int ldc, bool accumulate)
        => MultiplyCore(null, m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate);

    /// <summary>Like <c>Multiply</c> but on a chosen instruction-set path (for tests and benchmarks).</summary>
    internal static void Multiply(GemmIsa isa, int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int bRowStride, int bColStride,
        Span<float> c, int ldc, bool accumulate)
        => MultiplyCore(CheckIsa(isa), m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate);

    /// <summary>Like <c>Multiply</c> but on a chosen instruction-set path (for tests and benchmarks).</summary>
    internal static void Multiply(GemmIsa isa, int m, int n, int k,
        ReadOnlySpan<double> a, int aRowStride, int aColStride,
        ReadOnlySpan<double> b, int bRowStride, int bColStride,
        Span<double> c, int ldc, bool accumulate)
        => MultiplyCore(CheckIsa(isa), m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate);

    /// <summary>Threads the next products may use at most (1 disables threading); for benchmarks.</summary>
    internal static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = Math.Clamp(value, 1, WorkerPool.MaxParallelism);
    }

    private static int s_maxThreads = WorkerPool.MaxParallelism;

    private static GemmIsa CheckIsa(GemmIsa isa)
    {
        if (!IsSupported(isa))
            throw new PlatformNotSupportedException($"The {isa} GEMM path is not supported on this machine.");
        return isa;
    }

    /// <summary>The product on instruction-set path <paramref name="isa"/> (null: the best one,
    /// looked up only for products large enough to use it).</summary>
    private static void MultiplyCore<T>(GemmIsa? isa, int m, int n, int k,
        ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!CheckArguments(m, n, k, a.Length, aRowStride, aColStride, b.Length, bRowStride, bColStride, c.Length, ldc))
        {
            if (k == 0 && m > 0 && n > 0 && !accumulate)
                ClearRows(c, m, n, ldc);
            return;
        }

        fixed (T* pa = &MemoryMarshal.GetReference(a))
        fixed (T* pb = &MemoryMarshal.GetReference(b))
        fixed (T* pc = &MemoryMarshal.GetReference(c))
        {
            // Only the elements actually read and written count as overlapping.
            long cUsed = (long)(m - 1) * ldc + n;
            long aUsed = (long)(m - 1) * aRowStride + (long)(k - 1) * aColStride + 1;
            long bUsed = (long)(k - 1) * bRowStride + (long)(n - 1) * bColStride + 1;
            if (Overlaps(pc, cUsed, pa, aUsed, sizeof(T)) || Overlaps(pc, cUsed, pb, bUsed, sizeof(T)))
            {
                MultiplyViaTemporary(isa, m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, c, ldc, accumulate);
                return;
            }
            var args = new GemmArgs<T>
            {
                M = m,
                N = n,
                K = k,
                A = pa,
                Ars = aRowStride,
                Acs = aColStride,
                B = pb,
                Brs = bRowStride,
                Bcs = bColStride,
                C = pc,
                Ldc = ldc,
                Accumulate = accumulate,
            };
            if ((long)m * n * k <= SmallThreshold)
            {
                SmallDirect(in args);
                return;
            }
            if (m == 1 || n == 1)
            {
                // A vector times a matrix, or a matrix times a vector: nothing to reuse, so no packing.
                Skinny(in args);
                return;
            }
            GemmIsa path = isa ?? BestIsa;
            if (typeof(T) == typeof(float) && n <= NarrowMaxColumns && path != GemmIsa.Scalar && NarrowPathEnabled)
            {
                NarrowFloat(path, in Unsafe.As<GemmArgs<T>, GemmArgs<float>>(ref args));
                return;
            }
            Packed(path, in args);
        }
    }

    /// <summary>The packed, blocked product (see the remarks on <see cref="Gemm"/>).</summary>
    /// <remarks>A method of its own, so that compiling MultiplyCore does not load the kernel and
    /// driver types, which a program with only small products never uses.</remarks>
    private static void Packed<T>(GemmIsa isa, in GemmArgs<T> args) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (isa)
        {
            case GemmIsa.Avx512 when args.M <= 8:
                GemmDriver<T, Avx512KernelM4<T>>.Run(in args);
                break;
            case GemmIsa.Avx512:
                GemmDriver<T, Avx512Kernel<T>>.Run(in args);
                break;
            case GemmIsa.Avx2:
                GemmDriver<T, Avx2Kernel<T>>.Run(in args);
                break;
            default:
                GemmDriver<T, ScalarKernel<T>>.Run(in args);
                break;
        }
    }

    // The argument checks and the overlap test do not depend on the element type: they are
    // non-generic, and internal rather than private, so that they are precompiled, leaving
    // MultiplyCore small and quick to JIT (see docs/PERFORMANCE.md, 'Generic instantiations').

    /// <summary>Throws for invalid arguments; false when there is nothing to multiply (m, n or k is
    /// 0; with k = 0, C is still to be cleared unless accumulating).</summary>
    internal static bool CheckArguments(int m, int n, int k, int aLength, int aRowStride, int aColStride,
        int bLength, int bRowStride, int bColStride, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(aRowStride);
        ArgumentOutOfRangeException.ThrowIfNegative(aColStride);
        ArgumentOutOfRangeException.ThrowIfNegative(bRowStride);
        ArgumentOutOfRangeException.ThrowIfNegative(bColStride);
        ArgumentOutOfRangeException.ThrowIfNegative(ldc);
        if (m == 0 || n == 0)
            return false;
        if (m > 1 && ldc < n)
            throw new ArgumentOutOfRangeException(nameof(ldc), "ldc must be at least n when C has more than one row.");
        if ((long)(m - 1) * ldc + n > cLength)
            throw new ArgumentException("C is too short for m, n and ldc.", nameof(cLength));
        if (k == 0)
            return false;
        if ((long)(m - 1) * aRowStride + (long)(k - 1) * aColStride >= aLength)
            throw new ArgumentException("A is too short for m, k and its strides.", nameof(aLength));
        if ((long)(k - 1) * bRowStride + (long)(n - 1) * bColStride >= bLength)
            throw new ArgumentException("B is too short for k, n and its strides.", nameof(bLength));
        return true;
    }

    /// <summary>True if <paramref name="xCount"/> elements from <paramref name="x"/> and
    /// <paramref name="yCount"/> from <paramref name="y"/>, of <paramref name="size"/> bytes each, share memory.</summary>
    internal static bool Overlaps(void* x, long xCount, void* y, long yCount, int size)
        => (byte*)x < (byte*)y + yCount * size && (byte*)y < (byte*)x + xCount * size;

    /// <summary>C = 0 (a product over k = 0).</summary>
    private static void ClearRows<T>(Span<T> c, int m, int n, int ldc)
    {
        for (int i = 0; i < m; i++)
            c.Slice(i * ldc, n).Clear();
    }

    /// <summary>C aliases an operand: compute into a temporary and write back.</summary>
    private static void MultiplyViaTemporary<T>(GemmIsa? isa, int m, int n, int k,
        ReadOnlySpan<T> a, int aRowStride, int aColStride,
        ReadOnlySpan<T> b, int bRowStride, int bColStride,
        Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] tmp = new T[(long)m * n];
        MultiplyCore(isa, m, n, k, a, aRowStride, aColStride, b, bRowStride, bColStride, tmp, n, false);
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            ReadOnlySpan<T> src = tmp.AsSpan(i * n, n);
            if (accumulate)
                for (int j = 0; j < n; j++)
                    row[j] += src[j];
            else
                src.CopyTo(row);
        }
    }

    /// <summary>Direct loops for tiny products: no packing, no threads.</summary>
    /// <remarks>Unlike the kernels for large products, these loops are not
    /// <c>AggressiveOptimization</c>: tiny products are what a small program runs first, and they
    /// start at tier 0. The three loop nests are separate methods, never inlined, so that each is
    /// optimized from its own profile (see docs/PERFORMANCE.md, 'Tier 0 and dynamic PGO').</remarks>
    private static void SmallDirect<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.N < 4) SmallDots(in g);
        else if (g.Bcs == 1) SmallRows(in g);
        else SmallRowsStrided(in g);
    }

    /// <summary>Tiny products with fewer than 4 columns: dot products, with independent partial sums.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SmallDots<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        nint ars = g.Ars, acs = g.Acs, brs = g.Brs, bcs = g.Bcs;
        for (int i = 0; i < m; i++)
        {
            T* arow = g.A + i * ars;
            T* crow = g.C + i * g.Ldc;
            for (int j = 0; j < n; j++)
            {
                T* bcol = g.B + j * bcs;
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                int p = 0;
                for (; p + 4 <= k; p += 4)
                {
                    s0 += arow[p * acs] * bcol[p * brs];
                    s1 += arow[(p + 1) * acs] * bcol[(p + 1) * brs];
                    s2 += arow[(p + 2) * acs] * bcol[(p + 2) * brs];
                    s3 += arow[(p + 3) * acs] * bcol[(p + 3) * brs];
                }
                for (; p < k; p++)
                    s0 += arow[p * acs] * bcol[p * brs];
                T s = (s0 + s1) + (s2 + s3);
                crow[j] = g.Accumulate ? crow[j] + s : s;
            }
        }
    }

    /// <summary>Tiny products with at least 4 columns and contiguous rows of B: rows of C updated
    /// by rows of B (the inner loop has no dependency chain).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SmallRows<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        nint ars = g.Ars, acs = g.Acs, brs = g.Brs;
        for (int i = 0; i < m; i++)
        {
            T* arow = g.A + i * ars;
            T* crow = g.C + i * g.Ldc;
            if (!g.Accumulate)
                new Span<T>(crow, n).Clear();
            for (int p = 0; p < k; p++)
            {
                T aip = arow[p * acs];
                T* brow = g.B + p * brs;
                for (int j = 0; j < n; j++)
                    crow[j] += aip * brow[j];
            }
        }
    }

    /// <summary><see cref="SmallRows"/> for B with strided rows (a transposed B, say).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SmallRowsStrided<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        nint ars = g.Ars, acs = g.Acs, brs = g.Brs, bcs = g.Bcs;
        for (int i = 0; i < m; i++)
        {
            T* arow = g.A + i * ars;
            T* crow = g.C + i * g.Ldc;
            if (!g.Accumulate)
                new Span<T>(crow, n).Clear();
            for (int p = 0; p < k; p++)
            {
                T aip = arow[p * acs];
                T* brow = g.B + p * brs;
                for (int j = 0; j < n; j++)
                    crow[j] += aip * brow[j * bcs];
            }
        }
    }

    /// <summary>
    /// <c>c[j] (+)= sum_p a[p] * B[p, j]</c> for B with contiguous rows: chunks of C's single row
    /// stay in registers while B streams past once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorTimesMatrix<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = g.N, k = g.K;
        T* a = g.A, b = g.B, c = g.C;
        nint acs = g.Acs, brs = g.Brs;
        bool acc = g.Accumulate;
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            nint v = Vector512<T>.Count;
            for (; j + 4 * v <= n; j += 4 * (int)v)
            {
                Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += brs)
                {
                    Vector512<T> ap = Vector512.Create(a[p * acs]);
                    c0 = GemmMath.Fma(ap, Vector512.Load(bp), c0);
                    c1 = GemmMath.Fma(ap, Vector512.Load(bp + v), c1);
                    c2 = GemmMath.Fma(ap, Vector512.Load(bp + 2 * v), c2);
                    c3 = GemmMath.Fma(ap, Vector512.Load(bp + 3 * v), c3);
                }
                T* cp = c + j;
                if (acc)
                {
                    c0 += Vector512.Load(cp);
                    c1 += Vector512.Load(cp + v);
                    c2 += Vector512.Load(cp + 2 * v);
                    c3 += Vector512.Load(cp + 3 * v);
                }
                c0.Store(cp);
                c1.Store(cp + v);
                c2.Store(cp + 2 * v);
                c3.Store(cp + 3 * v);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            nint v = Vector256<T>.Count;
            for (; j + 4 * v <= n; j += 4 * (int)v)
            {
                Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += brs)
                {
                    Vector256<T> ap = Vector256.Create(a[p * acs]);
                    c0 = GemmMath.Fma(ap, Vector256.Load(bp), c0);
                    c1 = GemmMath.Fma(ap, Vector256.Load(bp + v), c1);
                    c2 = GemmMath.Fma(ap, Vector256.Load(bp + 2 * v), c2);
                    c3 = GemmMath.Fma(ap, Vector256.Load(bp + 3 * v), c3);
                }
                T* cp = c + j;
                if (acc)
                {
                    c0 += Vector256.Load(cp);
                    c1 += Vector256.Load(cp + v);
                    c2 += Vector256.Load(cp + 2 * v);
                    c3 += Vector256.Load(cp + 3 * v);
                }
                c0.Store(cp);
                c1.Store(cp + v);
                c2.Store(cp + 2 * v);
                c3.Store(cp + 3 * v);
            }
        }
        if (j < n)
        {
            // The remaining columns, one row of B at a time.
            var rest = new Span<T>(c + j, n - j);
            if (!acc)
                rest.Clear();
            for (int p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(b + p * brs + j, n - j), a[p * acs], rest, rest);
        }
    }

    /// <summary>m = 1 or n = 1: vectorized along whichever operand is contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Skinny<T>(in GemmArgs<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = g.M, n = g.N, k = g.K;
        if (m == 1 && g.Bcs == 1 && n >= 8)
        {
            // c (+)= sum_p a[p] * B[p, :]
            if ((long)n * k <= 1 << 18)
            {
                // B fits in cache: keep chunks of c in registers.
                VectorTimesMatrix(in g);
                return;
            }
            // B streams from memory: read it in order, one row at a time.
            var c = new Span<T>(g.C, n);
            if (!g.Accumulate)
                c.Clear();
            for (int p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(g.B + p * g.Brs, n), g.A[p * g.Acs], c, c);
            return;
        }
        if (m == 1 && g.Acs == 1 && g.Brs == 1 && k >= 8)
        {
            // c[j] (+)= a . B[:, j]
            var a = new ReadOnlySpan<T>(g.A, k);
            for (int j = 0; j < n; j++)
            {
                T s = TensorPrimitives.Dot(a, new ReadOnlySpan<T>(g.B + j * g.Bcs, k));
                g.C[j] = g.Accumulate ? g.C[j] + s : s;
            }
            return;
        }
        if (n == 1 && g.Acs == 1 && g.Brs == 1 && k >= 8)
        {
            // c[i] (+)= A[i, :] . b
            var b = new ReadOnlySpan<T>(g.B, k);
            for (int i = 0; i < m; i++)
            {
                T s = TensorPrimitives.Dot(new ReadOnlySpan<T>(g.A + i * g.Ars, k), b);
                T* ci = g.C + i * g.Ldc;
                *ci = g.Accumulate ? *ci + s : s;
            }
            return;
        }
        if (n == 1 && g.Ars == 1 && g.Ldc == 1 && m >= 8)
        {
            // c (+)= sum_p A[:, p] * b[p]
            var c = new Span<T>(g.C, m);
            if (!g.Accumulate)
                c.Clear();
            for (int p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(g.A + p * g.Acs, m), g.B[p * g.Brs], c, c);
            return;
        }
        SmallDirect(in g);
    }
}

/// <summary>The operands of one product, as raw pointers into pinned memory.</summary>
internal unsafe struct GemmArgs<T> where T : unmanaged
{
    public int M, N, K;
    public T* A;
    public nint Ars, Acs;
    public T* B;
    public nint Brs, Bcs;
    public T* C;
    public nint Ldc;
    public bool Accumulate;
}

/// <summary>A register-blocked micro-kernel computing one <c>MR x NR</c> tile of C.</summary>
internal unsafe interface IGemmKernel<T> where T : unmanaged
{
    /// <summary>Rows of the tile (elements of A broadcast per step).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the tile (a whole number of vectors).</summary>
    static abstract int NR { get; }

    /// <summary>Depth of one packed block (the KC of BLIS).</summary>
    static abstract int KC { get; }

    /// <summary>Columns of one packed block of B, kept in L2 (a multiple of <see cref="NR"/>).</summary>
    static abstract int NC { get; }

    /// <summary>
    /// <c>C[i*ldc + j] (+)= sum_p a[p*MR + i] * b[p*ldb + j]</c> for the full tile; <c>ldb</c> is
    /// NR for a packed panel of B, or B's row stride when B is read in place.
    /// </summary>
    static abstract void Run(int kc, T* a, T* b, nint ldb, T* c, nint ldc, bool accumulate);

    /// <summary>
    /// Like <see cref="Run"/> (overwriting C) for the first <paramref name="nr"/> &lt; NR columns of
    /// an edge panel only: writes at least <paramref name="nr"/> columns of each row (a kernel without
    /// narrower variants writes all NR), skipping the multiply-adds of padding columns it can.
    /// </summary>
    static abstract void RunNarrow(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int nr);

    /// <summary>
    /// Like <see cref="Run"/> (overwriting C) for the first <paramref name="mr"/> &lt; MR rows of a
    /// full-width edge panel only (A's panel keeps its stride of MR): writes at least
    /// <paramref name="mr"/> rows, skipping the multiply-adds of padding rows it can.
    /// </summary>
    static abstract void RunShort(int kc, T* a, T* b, nint ldb, T* c, nint ldc, int mr);
}

/// <summary>Helpers shared by the kernels.</summary>
internal static unsafe class GemmMath
{
    /// <summary><c>dst[j] += src[j]</c> for <c>j &lt; n</c>.</summary>
    /// <remarks>Its own loop rather than TensorPrimitives.Add, whose generic code is not
    /// precompiled and so would run at tier 0 for a program's first products (seed 001's forward
    /// product adds the threads' partial sums through this every step).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInto<T>(T* dst, T* src, int n) where T : unmanaged, INumberBase<T>
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + Vector512<T>.Count <= n; j += Vector512<T>.Count)
                (Vector512.Load(dst + j) + Vector512.Load(src + j)).Store(dst + j);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + Vector256<T>.Count <= n; j += Vector256<T>.Count)
                (Vector256.Load(dst + j) + Vector256.Load(src + j)).Store(dst + j);
        }
        for (; j < n; j++)
            dst[j] += src[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        throw new NotSupportedException();
    }
}
